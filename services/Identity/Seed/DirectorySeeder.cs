using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.Identity.Directory;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults.Hosting;
using Platform.ServiceDefaults.Scope;

namespace Platform.Identity.Seed;

/// <summary>
/// Fills an empty directory before the service accepts requests: the demo province in demo mode, otherwise one
/// bootstrap platform operator. Replicas starting together take a PostgreSQL advisory lock, so exactly one seeds and
/// the others find the regions table no longer empty. Runs as the system (unrestricted scope).
/// </summary>
public sealed partial class DirectorySeeder(IServiceScopeFactory scopes, SeedOptions options, TimeProvider time, ILogger<DirectorySeeder> logger)
    : IHostedLifecycleService
{
    /// <summary>Advisory lock key ("PLATSEED"), held for the seeding transaction.</summary>
    public const long AdvisoryLockKey = 0x504C_4154_5345_4544;

    public const string BootstrapUserName = "admin";

    /// <summary>Runs before the server starts listening, so nobody signs in to a half-seeded directory.</summary>
    public Task StartingAsync(CancellationToken cancellationToken) => SeedAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task SeedAsync(CancellationToken ct)
    {
        using var system = CallerScope.BeginSystem();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        if (!options.DemoEnabled && options.BootstrapPasswordFile is null)
        {
            if (!await db.Regions.AnyAsync(ct))
            {
                LogNoBootstrapFile(logger, SeedOptions.BootstrapPasswordFileKey);
            }
            return;
        }
        var demo = options.DemoEnabled ? DemoProvince.Build() : null;
        if (demo is not null)
        {
            await EnsureAcceptedAsync(users, options.DemoPassword!);
        }

        var seeded = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
            if (await db.Regions.AnyAsync(ct))
            {
                return false;
            }
            if (demo is not null)
            {
                await SeedDemoAsync(db, users, demo, ct);
            }
            else
            {
                await SeedBootstrapAsync(db, users, ct);
            }
            await transaction.CommitAsync(ct);
            return true;
        });

        if (demo is not null)
        {
            if (seeded)
            {
                LogDemoSeeded(logger, demo.Regions.Count, demo.Organisations.Count, demo.Accounts.Count);
            }
            WriteDemoAccounts(demo);
        }
        else if (seeded)
        {
            LogBootstrapCreated(logger, BootstrapUserName, options.BootstrapPasswordFile!);
        }
    }

    private async Task SeedDemoAsync(IdentityDb db, UserManager<PlatformUser> users, DemoProvince demo, CancellationToken ct)
    {
        var sortOrder = 0;
        db.Regions.AddRange(demo.Regions.Select(r => new Region
        {
            Code = r.Code, Name = r.Name, Level = r.Level, ParentCode = r.ParentCode, IsLocalCode = r.IsLocalCode, SortOrder = ++sortOrder,
        }));
        var now = time.GetUtcNow();
        var organisations = new Dictionary<string, Organisation>(StringComparer.Ordinal);
        foreach (var o in demo.Organisations)
        {
            organisations[o.Name] = new Organisation
            {
                Id = Guid.CreateVersion7(), Name = o.Name, Kind = o.Kind, RegionCode = o.RegionCode, CreatedAt = now,
                ParentId = o.ParentName is null ? null : organisations[o.ParentName].Id,
            };
        }
        db.Organisations.AddRange(organisations.Values);
        // Users reference organisations without an EF relationship: save the tree first.
        await db.SaveChangesAsync(ct);

        // Every demo account has the same published password; hashing it once keeps seeding fast.
        var passwordHash = users.PasswordHasher.HashPassword(new PlatformUser(), options.DemoPassword!);
        foreach (var account in demo.Accounts)
        {
            var user = NewUser(users, account.UserName, account.DisplayName, organisations[account.OrganisationName].Id, now);
            user.PasswordHash = passwordHash;
            db.Users.Add(user);
            db.UserRoles.Add(new UserRole { UserId = user.Id, Role = account.Role });
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task SeedBootstrapAsync(IdentityDb db, UserManager<PlatformUser> users, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        db.Regions.Add(new Region { Code = options.BootstrapRegionCode, Name = options.BootstrapRegionName, Level = RegionLevels.Province });
        var organisation = new Organisation
        {
            Id = Guid.CreateVersion7(), Name = "平台运维中心", Kind = OrganisationKinds.FinanceBureau, RegionCode = options.BootstrapRegionCode, CreatedAt = now,
        };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(ct);

        var admin = NewUser(users, BootstrapUserName, "平台管理员", organisation.Id, now);
        admin.MustChangePassword = true;
        var password = OneTimePassword.Generate();
        db.UserRoles.Add(new UserRole { UserId = admin.Id, Role = PlatformRoles.PlatformOperator });
        db.Record(Caller.System, DirectoryAudit.UserEntity, admin.Id.ToString(), null, DirectoryAudit.Active, "首次启动创建初始管理员");
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Creating the bootstrap administrator failed: {string.Join("; ", result.Errors.Select(e => e.Code))}");
        }
        // Written before the commit: if it cannot be written, no administrator exists whose password nobody knows.
        AccountsFile.Write(options.BootstrapPasswordFile!,
            [new AccountLine(BootstrapUserName, password, PlatformRoles.DisplayName(PlatformRoles.PlatformOperator), organisation.Name, options.BootstrapRegionName)]);
    }

    private static PlatformUser NewUser(UserManager<PlatformUser> users, string userName, string displayName, Guid organisationId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserName = userName,
        NormalizedUserName = users.NormalizeName(userName),
        DisplayName = displayName,
        OrganisationId = organisationId,
        SecurityStamp = Guid.NewGuid().ToString("N"),
        ConcurrencyStamp = Guid.NewGuid().ToString(),
        LockoutEnabled = true,
        IsActive = true,
        CreatedAt = now,
    };

    private void WriteDemoAccounts(DemoProvince demo)
    {
        if (options.DemoAccountsFile is not { } path)
        {
            return;
        }
        var regions = demo.Regions.ToDictionary(r => r.Code, r => r.Name);
        AccountsFile.Write(path, demo.Accounts.Select(a =>
            new AccountLine(a.UserName, options.DemoPassword!, PlatformRoles.DisplayName(a.Role), a.OrganisationName, regions[a.RegionCode])));
        LogAccountsWritten(logger, demo.Accounts.Count, path);
    }

    /// <exception cref="StartupRefusedException">The demo password breaks the password policy.</exception>
    private static async Task EnsureAcceptedAsync(UserManager<PlatformUser> users, string password)
    {
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, new PlatformUser(), password);
            errors.AddRange(result.Errors.Select(e => e.Code));
        }
        if (errors.Count > 0)
        {
            throw new StartupRefusedException(
                $"Setting '{SeedOptions.DemoPasswordKey}' breaks the password policy ({string.Join(", ", errors)}): at least 10 characters with upper and lower case letters, a digit and a symbol.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The directory is empty and stays so: not in demo mode and {Setting} is not set, so no bootstrap administrator could be handed over")]
    private static partial void LogNoBootstrapFile(ILogger logger, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo province: {RegionCount} regions, {OrganisationCount} organisations, {AccountCount} accounts")]
    private static partial void LogDemoSeeded(ILogger logger, int regionCount, int organisationCount, int accountCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listed {AccountCount} demo accounts in {AccountsFile}")]
    private static partial void LogAccountsWritten(ILogger logger, int accountCount, string accountsFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the bootstrap administrator {UserName}; its one-time password is in {PasswordFile}")]
    private static partial void LogBootstrapCreated(ILogger logger, string userName, string passwordFile);
}
