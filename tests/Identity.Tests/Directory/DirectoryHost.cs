using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.Contracts.Identity;
using Platform.Contracts.Json;
using Platform.Identity.Directory;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Migrations;
using Platform.ServiceDefaults.Scope;
using Platform.Testing;

namespace Platform.Identity.Tests.Directory;

/// <summary>
/// The identity service in-process over its own migrated database, seeded with the demo province at start, trusting
/// tokens from a <see cref="TestTokenIssuer"/> (as services trust identity's). One per test class; tests add records
/// with unique names and never depend on each other's changes.
/// </summary>
public class DirectoryHost : IAsyncLifetime
{
    public const string DemoPassword = "Demo#Pass2026";

    private readonly List<WebApplicationFactory<Program>> _factories = [];

    public TestTokenIssuer Issuer { get; private set; } = null!;

    public TestDatabase Database { get; private set; } = null!;

    public WebApplicationFactory<Program> Factory => _factories[0];

    public string AccountsFile { get; private set; } = null!;

    protected virtual string DatabasePrefix => "identity_directory";

    protected virtual bool Demo => true;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        Issuer = await TestTokenIssuer.StartAsync(Ct);
        Database = await TestDatabase.CreateAsync(DatabasePrefix, Ct);
        await using (var dataSource = NpgsqlDataSource.Create(Database.ConnectionString))
        {
            await new MigrationRunner(dataSource, MigrationScript.ForService(typeof(Program).Assembly)).MigrateAsync(Ct);
        }
        AccountsFile = Path.Combine(TestFolder.Create("demo-accounts"), "accounts.txt");
        if (Demo)
        {
            await StartAsync(new Dictionary<string, string?>
            {
                ["Identity:Demo:Enabled"] = "true",
                ["Identity:Demo:Password"] = DemoPassword,
                ["Identity:Demo:AccountsFile"] = AccountsFile,
            });
        }
    }

    /// <summary>Starts (another) identity process on the database, seeding included, with <paramref name="settings"/> on top.</summary>
    public async Task<WebApplicationFactory<Program>> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var redis = await TestRedis.GetAsync(Ct);
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:identitydb"] = Database.ConnectionString,
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Identity:Url"] = Issuer.Authority,
            ["Identity:Issuer"] = "http://localhost",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            foreach (var (key, value) in all)
            {
                web.UseSetting(key, value);
            }
            web.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        });
        _ = factory.Server;
        _factories.Add(factory);
        return factory;
    }

    /// <summary>A client calling as the seeded user <paramref name="userName"/>, with the claims identity would issue.</summary>
    public async Task<HttpClient> ClientFor(string userName) => Client(await TokenFor(userName));

    /// <summary>A client calling with a client-credentials token of the <c>projects</c> service.</summary>
    public HttpClient ServiceClient() =>
        Client(Issuer.MintToken("identity", [new Claim(PlatformClaims.Subject, "projects"), new Claim(PlatformClaims.ClientId, "projects")]));

    public HttpClient Client(string token)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> TokenFor(string userName) => await WithDbAsync(async (db, _) =>
    {
        var row = await (
            from u in db.Users
            join o in db.Organisations on u.OrganisationId equals o.Id
            join r in db.Regions on o.RegionCode equals r.Code
            where u.UserName == userName
            select new { User = u, Organisation = o, Region = r }).SingleAsync(Ct);
        var roles = await db.UserRoles.Where(r => r.UserId == row.User.Id).Select(r => r.Role).ToListAsync(Ct);
        return Issuer.MintToken("identity",
        [
            new(PlatformClaims.Subject, row.User.Id.ToString()),
            new(PlatformClaims.Name, row.User.DisplayName),
            new(PlatformClaims.PreferredUsername, row.User.UserName!),
            new(PlatformClaims.ClientId, "portal"),
            new(PlatformClaims.Scope, "openid profile identity"),
            new(PlatformClaims.Organisation, row.Organisation.Id.ToString()),
            new(PlatformClaims.OrganisationName, row.Organisation.Name),
            new(PlatformClaims.OrganisationKind, row.Organisation.Kind),
            new(PlatformClaims.Region, row.Region.Code),
            new(PlatformClaims.RegionName, row.Region.Name),
            new(PlatformClaims.RegionLevel, row.Region.Level),
            .. roles.Select(role => new Claim(PlatformClaims.Role, role)),
        ]);
    });

    /// <summary>Runs <paramref name="work"/> against the database as the system (every region visible).</summary>
    public async Task<T> WithDbAsync<T>(Func<IdentityDb, UserManager<PlatformUser>, Task<T>> work, WebApplicationFactory<Program>? factory = null)
    {
        using var system = CallerScope.BeginSystem();
        await using var scope = (factory ?? Factory).Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<IdentityDb>(), scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>());
    }

    public Task<Organisation> OrganisationAsync(string name) =>
        WithDbAsync((db, _) => db.Organisations.AsNoTracking().SingleAsync(o => o.Name == name, Ct));

    public Task<PlatformUser> UserAsync(string userName) =>
        WithDbAsync((db, users) => db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName, Ct));

    public Task<List<AuditEntry>> AuditOfAsync(string entityType, string entityId) =>
        WithDbAsync((db, _) => db.AuditEntries.AsNoTracking().Where(a => a.EntityType == entityType && a.EntityId == entityId).OrderBy(a => a.Id).ToListAsync(Ct));

    /// <summary>The permission bits of <paramref name="path"/> (the platform runs on Linux).</summary>
    public static UnixFileMode ModeOf(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException() : File.GetUnixFileMode(path);

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, Ct))!;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var factory in _factories)
        {
            await factory.DisposeAsync();
        }
        await Database.DisposeAsync();
        await Issuer.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
