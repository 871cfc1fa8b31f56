using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Redis;

namespace Platform.Identity.Extensions;

public static class Extensions
{
    /// <summary>The one place the identity service is wired: its database (identitydb) and the shared Redis.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<IdentityDb>(ResourceNames.IdentityDb);
        builder.AddRedisClient(ResourceNames.Redis);
        return builder;
    }
}
