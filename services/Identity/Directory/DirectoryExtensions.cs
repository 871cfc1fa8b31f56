using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Identity.Infrastructure;
using Platform.Identity.Seed;
using Platform.ServiceDefaults.Migrations;

namespace Platform.Identity.Directory;

public static class DirectoryExtensions
{
    /// <summary>
    /// Accounts on ASP.NET Core Identity over identitydb: password policy, lockout after 5 failures for 15 minutes,
    /// the authenticator (TOTP) token provider, Chinese error messages; the directory's read policies; and the seeding
    /// of an empty directory at start.
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
            .AddErrorDescriber<ChineseIdentityErrorDescriber>()
            .AddDefaultTokenProviders();
        builder.Services.AddAuthorizationBuilder().AddDirectoryPolicies();
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (!MigrationStartup.IsMigrateRun)
        {
            // The migration step gets no demo or bootstrap settings and never starts the host.
            builder.Services.AddSingleton(SeedOptions.From(builder.Configuration));
            builder.Services.AddHostedService<DirectorySeeder>();
        }
        return builder;
    }
}
