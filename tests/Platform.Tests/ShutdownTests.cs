using System.Diagnostics;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_platform_leaves_no_process_behind_and_loses_no_committed_row()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var issuer = await TestTokenIssuer.StartAsync(ct);
        var dataDirectory = TestFolder.Create("shutdown");
        var app = await PlatformGraphFactory.StartAsync(issuer, o =>
        {
            o.Resources = [ResourceNames.Gateway, ResourceNames.Targets];
            o.DataDirectory = dataDirectory;
            o.Configuration[Platform.Hosting.HostingConfigKeys.DurablePostgres] = "true";
        }, ct);
        var pids = app.ResourceNotifications.GetSnapshots()
            .SelectMany(s => s.Replicas).Select(r => r.Pid).OfType<int>().ToList();
        Assert.NotEmpty(pids);
        var connection = await app.GetConnectionStringAsync(ResourceNames.TargetsDb, ct);
        await Sql(connection!, "CREATE TABLE shutdown_probe (id int); INSERT INTO shutdown_probe VALUES (42);", ct);

        var stopping = Stopwatch.StartNew();
        await app.DisposeAsync();
        stopping.Stop();

        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"process {pid} is still running"));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {stopping.Elapsed}");

        // The same data folder again: the committed row is there.
        await using var again = await PlatformGraphFactory.StartAsync(issuer, o =>
        {
            o.Resources = [ResourceNames.Targets];
            o.DataDirectory = dataDirectory;
            o.Configuration[Platform.Hosting.HostingConfigKeys.DurablePostgres] = "true";
        }, ct);
        var reopened = await again.GetConnectionStringAsync(ResourceNames.TargetsDb, ct);
        Assert.Equal("42", await Sql(reopened!, "SELECT id FROM shutdown_probe", ct));
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private static async Task<string?> Sql(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync(ct))?.ToString();
    }
}
