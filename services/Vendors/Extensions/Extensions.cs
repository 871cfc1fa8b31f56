using Platform.Vendors.Infrastructure;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Redis;

namespace Platform.Vendors.Extensions;

public static class Extensions
{
    /// <summary>The one place the vendors service is wired: its database (vendorsdb) and the shared Redis.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<VendorsDb>(ResourceNames.VendorsDb);
        builder.AddRedisClient(ResourceNames.Redis);
        return builder;
    }
}
