using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Platform.Identity.Infrastructure;

namespace Platform.Identity.Directory;

public static class DirectoryExtensions
{
    /// <summary>
    /// Accounts on ASP.NET Core Identity over identitydb: password policy, lockout after 5 failures for 15 minutes,
    /// the authenticator (TOTP) token provider.
    /// </summary>
    public static IHostApplicationBuilder AddDirectory(this IHostApplicationBuilder builder)
    {
        builder.Services
            .AddIdentityCore<PlatformUser>(options =>
            {
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
            })
            .AddUserStore<UserOnlyStore<PlatformUser, IdentityDb, Guid>>()
            .AddDefaultTokenProviders();
        return builder;
    }
}
