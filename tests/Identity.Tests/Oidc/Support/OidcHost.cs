using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.Contracts.Identity;
using Platform.Identity.Directory;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults.Migrations;
using Platform.ServiceDefaults.Scope;
using Platform.Testing;

namespace Platform.Identity.Tests.Oidc.Support;

/// <summary>
/// The identity service in-process (WebApplicationFactory over the real Program) on its own migrated database, with
/// test clients registered, a clock that only moves when told, and helpers to create users. One per test class; every
/// test creates its own users, so tests never depend on each other.
/// </summary>
public class OidcHost : IAsyncLifetime
{
    public const string Issuer = "http://localhost";
    public const string Password = "Pa55word!ok";

    public const string SpaClient = "spa";
    public const string SpaRedirect = "https://spa.test/callback";
    public const string SpaPostLogout = "https://spa.test/signed-out";
    public const string SpaOrigin = "https://spa.test";

    public const string WebClient = "web";
    public const string WebSecret = "web-secret-0123456789abcdef";
    public const string WebRedirect = "https://web.test/signin-oidc";

    public const string ServiceClient = "svc";
    public const string ServiceSecret = "svc-secret-0123456789abcdef";

    private static int _regionCounter;
    private readonly List<WebApplicationFactory<Program>> _replicas = [];

    public TestDatabase Database { get; private set; } = null!;

    /// <summary>The service's clock; it stands at <see cref="ClockStart"/> until a test moves it.</summary>
    public ManualClock Clock { get; private set; } = null!;

    public WebApplicationFactory<Program> Factory => _replicas[0];

    public IServiceProvider Services => Factory.Services;

    /// <summary>Settings on top of the defaults below (e.g. short key windows).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    protected virtual string DatabasePrefix => "identity_oidc";

    /// <summary>
    /// Where the service's clock starts (and the first signing key activates). Tokens it signs are checked by real-time
    /// validators (JwtBearer), so the default is now.
    /// </summary>
    protected virtual DateTimeOffset ClockStart => DateTimeOffset.UtcNow;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        // Whole milliseconds: PostgreSQL keeps microseconds, so stored times compare exactly with the clock's.
        var start = ClockStart;
        Clock = new ManualClock(start.AddTicks(-(start.UtcTicks % TimeSpan.TicksPerMillisecond)));
        Database = await TestDatabase.CreateAsync(DatabasePrefix, ct);
        await using (var dataSource = NpgsqlDataSource.Create(Database.ConnectionString))
        {
            await new MigrationRunner(dataSource, MigrationScript.ForService(typeof(Program).Assembly)).MigrateAsync(ct);
        }
        await StartReplicaAsync();
    }

    /// <summary>Another identity replica on the same database (as a second process would be).</summary>
    public async Task<WebApplicationFactory<Program>> StartReplicaAsync()
    {
        var redis = await TestRedis.GetAsync(TestContext.Current.CancellationToken);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:identitydb"] = Database.ConnectionString,
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Identity:Url"] = "http://127.0.0.1:9",
            ["Identity:Issuer"] = Issuer,
            ["Identity:Demo:Enabled"] = "false",
            ["Identity:Bootstrap:PasswordFile"] = Path.Combine(TestFolder.Create("bootstrap"), "bootstrap.txt"),
            ["Identity:RateLimits:LoginPerMinute"] = "1000",
            ["Identity:RateLimits:LoginPerUserPerMinute"] = "1000",
            ["Identity:RateLimits:PublicTokenPerMinute"] = "1000",
            ["Identity:Clients:spa:Type"] = "public",
            ["Identity:Clients:spa:AllowedGrantTypes:0"] = "authorization_code",
            ["Identity:Clients:spa:AllowedGrantTypes:1"] = "refresh_token",
            ["Identity:Clients:spa:AllowedScopes:0"] = "openid",
            ["Identity:Clients:spa:AllowedScopes:1"] = "profile",
            ["Identity:Clients:spa:AllowedScopes:2"] = "offline_access",
            ["Identity:Clients:spa:AllowedScopes:3"] = "projects",
            ["Identity:Clients:spa:AllowedScopes:4"] = "targets",
            ["Identity:Clients:spa:RedirectUris:0"] = SpaRedirect,
            ["Identity:Clients:spa:PostLogoutRedirectUris:0"] = SpaPostLogout,
            ["Identity:Clients:spa:AllowedCorsOrigins:0"] = SpaOrigin,
            ["Identity:Clients:web:Secret"] = WebSecret,
            ["Identity:Clients:web:AllowedGrantTypes:0"] = "authorization_code",
            ["Identity:Clients:web:AllowedGrantTypes:1"] = "refresh_token",
            ["Identity:Clients:web:AllowedScopes:0"] = "openid",
            ["Identity:Clients:web:AllowedScopes:1"] = "projects",
            ["Identity:Clients:web:RedirectUris:0"] = WebRedirect,
            ["Identity:Clients:svc:Secret"] = ServiceSecret,
            ["Identity:Clients:svc:AllowedGrantTypes:0"] = "client_credentials",
            ["Identity:Clients:svc:AllowedScopes:0"] = "projects",
            ["Identity:Clients:svc:AllowedScopes:1"] = "targets",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
            web.ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddProvider(new TestOutputLoggerProvider()));
            web.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
            });
        });
        _ = factory.Server; // starts it, hosted services included
        _replicas.Add(factory);
        return factory;
    }

    public Browser NewBrowser(WebApplicationFactory<Program>? replica = null) => new((replica ?? Factory).Server.CreateHandler());

    /// <summary>An HttpClient for back-channel calls (token, introspection) without cookies.</summary>
    public HttpClient NewClient(WebApplicationFactory<Program>? replica = null) =>
        (replica ?? Factory).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>
    /// A user in a fresh county (under a fresh province) in an organisation of <paramref name="kind"/>, with
    /// <paramref name="roles"/>, password <see cref="Password"/>; with <paramref name="parentKind"/>, the organisation sits
    /// under a parent of that kind (a unit under its department).
    /// </summary>
    public async Task<TestUser> CreateUserAsync(
        string[]? roles = null, bool mustChangePassword = false, string kind = OrganisationKinds.FinanceBureau, string? parentKind = null)
    {
        var number = Interlocked.Increment(ref _regionCounter);
        var province = $"9{number:D3}00";
        var county = $"9{number:D3}01";
        using var system = CallerScope.BeginSystem(); // seeding, like the directory's own seed
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        db.Regions.Add(new Region { Code = province, Name = $"测试省{number}", Level = RegionLevels.Province });
        db.Regions.Add(new Region { Code = county, Name = $"测试县{number}", Level = RegionLevels.County, ParentCode = province });
        var parent = parentKind is null
            ? null
            : new Organisation { Id = Guid.NewGuid(), Name = $"测试县上级单位{number}", Kind = parentKind, RegionCode = county, CreatedAt = DateTimeOffset.UtcNow };
        if (parent is not null)
        {
            db.Organisations.Add(parent);
        }
        var organisation = new Organisation
        {
            Id = Guid.NewGuid(), Name = $"测试县财政局{number}", Kind = kind, RegionCode = county, ParentId = parent?.Id, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = new PlatformUser
        {
            UserName = $"user{number}x{Guid.NewGuid():N}"[..20],
            DisplayName = $"测试用户{number}",
            OrganisationId = organisation.Id,
            MustChangePassword = mustChangePassword,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        foreach (var role in roles ?? [PlatformRoles.PerformanceOfficer])
        {
            db.UserRoles.Add(new UserRole { UserId = user.Id, Role = role });
        }
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return new TestUser(user.Id, user.UserName, organisation.Id, organisation.Name, county, $"测试县{number}", roles ?? [PlatformRoles.PerformanceOfficer])
        {
            ParentOrganisationId = parent?.Id,
            ParentOrganisationName = parent?.Name,
        };
    }

    /// <summary>Runs <paramref name="work"/> with a scoped service provider of the first replica.</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed record TestUser(Guid Id, string UserName, Guid OrganisationId, string OrganisationName, string RegionCode, string RegionName, string[] Roles)
{
    public Guid? ParentOrganisationId { get; init; }

    public string? ParentOrganisationName { get; init; }
}
