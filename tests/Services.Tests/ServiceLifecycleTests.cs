using Npgsql;
using Platform.Testing;

namespace Platform.Services.Tests;

/// <summary>How a service process starts, migrates, refuses and stops: the AppHost's contract with it.</summary>
public sealed class ServiceLifecycleTests : IAsyncLifetime
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private TestTokenIssuer _issuer = null!;
    private string _redis = null!;

    public static TheoryData<string> Services => ServiceProcess.All;

    public async ValueTask InitializeAsync()
    {
        _issuer = await TestTokenIssuer.StartAsync(TestContext.Current.CancellationToken);
        _redis = (await TestRedis.GetAsync(TestContext.Current.CancellationToken)).ConnectionString;
    }

    public ValueTask DisposeAsync() => _issuer.DisposeAsync();

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Start_with_pending_migrations_is_refused_in_one_line(string service)
    {
        await using var database = await TestDatabase.CreateAsync($"pending_{service}", TestContext.Current.CancellationToken);
        await using var process = ServiceProcess.Start(service, Environment(service, database));

        var exitCode = await process.WaitForExitAsync(ExitTimeout, TestContext.Current.CancellationToken);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(process.Errors);
        Assert.Contains("V001__create_service_core", line, StringComparison.Ordinal);
        Assert.Contains("--migrate", line, StringComparison.Ordinal);
        Assert.DoesNotContain(process.Output, l => l.Contains("Now listening", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Migrate_switch_applies_the_scripts_and_exits_without_serving(string service)
    {
        await using var database = await TestDatabase.CreateAsync($"migrate_{service}", TestContext.Current.CancellationToken);
        await using var process = ServiceProcess.Start(service, Environment(service, database), "--migrate");

        var exitCode = await process.WaitForExitAsync(ExitTimeout, TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, process.Transcript);
        Assert.Contains(process.Output, l => l.Contains("V001__create_service_core", StringComparison.Ordinal));
        Assert.DoesNotContain(process.Output, l => l.Contains("Now listening", StringComparison.Ordinal));
        Assert.Equal(ExpectedVersions(service), await AppliedVersions(database));
    }

    /// <summary>The shared V001 and then the service's own scripts, as they are in its source folder.</summary>
    private static string[] ExpectedVersions(string service)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Platform.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Platform.sln not found above the test's folder");
        }
        var folder = Path.Combine(root.FullName, "services", char.ToUpperInvariant(service[0]) + service[1..], "Infrastructure", "Migrations");
        var own = Directory.Exists(folder) ? Directory.GetFiles(folder, "V*.sql").Select(f => Path.GetFileName(f).Split("__")[0]) : [];
        return [.. own.Prepend("V001").Order(StringComparer.Ordinal)];
    }

    /// <summary>Shared ServiceDefaults code: one service stands for all.</summary>
    [Fact]
    public async Task Second_migrate_run_changes_nothing()
    {
        const string service = "projects";
        await using var database = await TestDatabase.CreateAsync($"remigrate_{service}", TestContext.Current.CancellationToken);
        await using (var first = ServiceProcess.Start(service, Environment(service, database), "--migrate"))
        {
            Assert.Equal(0, await first.WaitForExitAsync(ExitTimeout, TestContext.Current.CancellationToken));
        }

        await using var second = ServiceProcess.Start(service, Environment(service, database), "--migrate");
        var exitCode = await second.WaitForExitAsync(ExitTimeout, TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, second.Transcript);
        Assert.Contains(second.Output, l => l.Contains("up to date", StringComparison.Ordinal));
        Assert.Equal(ExpectedVersions(service), await AppliedVersions(database));
    }

    /// <summary>Shared ServiceDefaults code: one service stands for all.</summary>
    [Fact]
    public async Task Missing_identity_url_is_refused_naming_the_setting()
    {
        const string service = "targets";
        await using var database = await TestDatabase.CreateAsync($"settings_{service}", TestContext.Current.CancellationToken);
        var environment = Environment(service, database);
        environment["Identity__Url"] = "";
        await using var process = ServiceProcess.Start(service, environment);

        var exitCode = await process.WaitForExitAsync(ExitTimeout, TestContext.Current.CancellationToken);

        Assert.Equal(1, exitCode);
        Assert.Contains("Identity:Url", Assert.Single(process.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Sigterm_stops_the_service_gracefully(string service)
    {
        await using var database = await TestDatabase.CreateAsync($"stop_{service}", TestContext.Current.CancellationToken);
        var environment = Environment(service, database);
        await using (var migration = ServiceProcess.Start(service, environment, "--migrate"))
        {
            Assert.Equal(0, await migration.WaitForExitAsync(ExitTimeout, TestContext.Current.CancellationToken));
        }
        await using var process = ServiceProcess.Start(service, environment);
        using var http = new HttpClient();
        await process.WaitForHealthyAsync(http, TestContext.Current.CancellationToken);

        process.Terminate();
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, process.Transcript);
    }

    private Dictionary<string, string?> Environment(string service, TestDatabase database) =>
        ServiceEnvironment.For(service, database.ConnectionString, _redis, _issuer.Authority);

    private static async Task<string[]> AppliedVersions(TestDatabase database)
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT 'V' || lpad(version::text, 3, '0') FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var versions = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            versions.Add(reader.GetString(0));
        }
        return [.. versions];
    }
}
