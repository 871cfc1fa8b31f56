using Platform.Identity.Directory;
using Platform.Identity.Infrastructure;
using Platform.Identity.Oidc;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Redis;

namespace Platform.Identity.Extensions;

public static class Extensions
{
    /// <summary>The one place the identity service is wired: its database (identitydb), the shared Redis, accounts.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<IdentityDb>(ResourceNames.IdentityDb);
        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddDirectory();
        builder.AddOidcProvider();
        return builder;
    }
}
