using Platform.Monitoring.Infrastructure;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Redis;

namespace Platform.Monitoring.Extensions;

public static class Extensions
{
    /// <summary>The one place the monitoring service is wired: its database (monitoringdb) and the shared Redis.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<MonitoringDb>(ResourceNames.MonitoringDb);
        builder.AddRedisClient(ResourceNames.Redis);
        return builder;
    }
}
