using Platform.Targets.Infrastructure;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Redis;

namespace Platform.Targets.Extensions;

public static class Extensions
{
    /// <summary>The one place the targets service is wired: its database (targetsdb) and the shared Redis.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<TargetsDb>(ResourceNames.TargetsDb);
        builder.AddRedisClient(ResourceNames.Redis);
        return builder;
    }
}
