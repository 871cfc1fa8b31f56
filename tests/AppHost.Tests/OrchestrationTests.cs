using System.Net.Http.Json;
using Npgsql;
using Platform.Hosting;
using Platform.Hosting.Infrastructure;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>The engine with real processes: embedded PostgreSQL and Redis, the fixture service, shell one-liners.</summary>
public sealed class OrchestrationTests
{
    [Fact]
    public async Task Embedded_postgres_and_redis_start_and_a_dependant_starts_only_after_them()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(90));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(b =>
        {
            var db = b.AddPostgres("postgres").AddDatabase("appdb");
            var redis = b.AddRedis("redis");
            b.AddProject("app", TestSupport.Fixture)
                .WithReference(db).WaitFor(db)
                .WithReference(redis).WaitFor(redis)
                .WithEnvironment("FIXTURE_REQUIRE", "appdb,redis")
                .WithHttpHealthCheck("/health");
        }, ct: ct);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);

        var snapshot = await app.WaitForResourceHealthyAsync("app", ct);

        Assert.Equal(0, snapshot.Replicas[0].Restarts);
        Assert.Contains("fixture: dependency appdb is ready", app.GetLogs("app"));
        Assert.Contains("fixture: dependency redis is ready", app.GetLogs("app"));
        await using var connection = new NpgsqlConnection(await app.GetConnectionStringAsync("appdb", ct));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);
        Assert.Equal("appdb", await command.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task Creating_an_existing_database_again_is_not_an_error()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(60));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(b => b.AddPostgres("postgres").AddDatabase("appdb"), ct: ct);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        await app.WaitForResourceHealthyAsync("appdb", ct);

        var created = await EmbeddedPostgres.CreateDatabaseAsync((await app.GetConnectionStringAsync("postgres", ct))!, "appdb", ct);

        Assert.False(created);
    }

    [Fact]
    public async Task A_dependant_of_a_failed_step_becomes_FailedToStart_with_the_reason()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(60));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(b =>
        {
            var migrations = b.AddExecutable("broken-migrations", "sh", Path.GetTempPath(), "-c", "echo 'migration V007 failed' >&2; exit 7");
            b.AddProject("app", TestSupport.Fixture).WaitForCompletion(migrations).WithHttpHealthCheck("/health");
        }, ct: ct);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);

        var dependant = await app.WaitForResourceAsync("app", KnownResourceStates.FailedToStart, ct);

        Assert.Equal("依赖 broken-migrations 启动失败", dependant.Reason);
        var step = app.ResourceNotifications.GetSnapshot("broken-migrations");
        Assert.Equal(KnownResourceStates.Exited, step.State);
        Assert.Equal(7, step.Replicas[0].ExitCode);
        Assert.Contains("broken-migrations 失败 (退出码 7)", app.Output);
        Assert.Contains("migration V007 failed", app.Output);
        await Assert.ThrowsAsync<DistributedApplicationException>(() => app.WaitForResourceHealthyAsync("app", ct));
    }

    [Fact]
    public async Task A_dependant_of_a_completed_step_starts()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(60));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(b =>
        {
            var migrations = b.AddProject("app-migrations", TestSupport.Fixture).WithArgs("--migrate");
            b.AddProject("app", TestSupport.Fixture).WaitForCompletion(migrations).WithHttpHealthCheck("/health");
        }, ct: ct);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);

        await app.WaitForResourceHealthyAsync("app", ct);

        Assert.Equal(KnownResourceStates.Finished, app.ResourceNotifications.GetSnapshot("app-migrations").State);
        Assert.Contains("fixture: migrations applied", app.GetLogs("app-migrations"));
    }

    [Fact]
    public async Task A_service_that_crashes_at_start_is_restarted_with_backoff_then_reported_with_its_last_lines()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(60));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(b =>
            b.AddProject("app", TestSupport.Fixture).WithEnvironment("FIXTURE_CRASH", "1").WithHttpHealthCheck("/health"), ct: ct);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);

        var exited = await app.WaitForResourceAsync("app", KnownResourceStates.Exited, ct);

        Assert.Equal(3, exited.Replicas[0].ExitCode);
        Assert.Equal(3, exited.Replicas[0].Restarts);
        Assert.Contains("app 启动后崩溃 (退出码 3)", app.Output);
        Assert.Contains("fixture: configured to crash at start", app.Output);
    }

    [Fact]
    public async Task Stopping_the_application_leaves_no_process_behind()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(90));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(b =>
        {
            var db = b.AddPostgres("postgres").AddDatabase("appdb");
            var redis = b.AddRedis("redis");
            b.AddProject("app", TestSupport.Fixture).WithReference(db).WaitFor(db).WithReference(redis).WaitFor(redis)
                .WithReplicas(2).WithHttpHealthCheck("/health");
        }, ct: ct);
        var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        await app.WaitForResourceHealthyAsync("app", ct);
        await app.WaitForResourceHealthyAsync("redis", ct);
        var leaders = app.ResourceNotifications.GetSnapshots().SelectMany(s => s.Replicas).Select(r => r.Pid).OfType<int>().ToList();
        var pids = leaders.SelectMany(TestSupport.Descendants).Concat(leaders).Distinct().ToList();
        Assert.True(leaders.Count >= 4, $"expected postgres, redis and two replicas, got {leaders.Count}");

        await app.DisposeAsync();

        Assert.DoesNotContain(pids, TestSupport.IsAlive);
    }

    [Fact]
    public async Task Restart_gives_a_new_process_that_becomes_healthy()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(60));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(b =>
            b.AddProject("app", TestSupport.Fixture).WithHttpHealthCheck("/health"), ct: ct);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        var before = (await app.WaitForResourceHealthyAsync("app", ct)).Replicas[0].Pid!.Value;

        await app.RestartResourceAsync("app");
        var after = await app.WaitForResourceHealthyAsync("app", ct);

        Assert.NotEqual(before, after.Replicas[0].Pid);
        Assert.False(TestSupport.IsAlive(before));
        Assert.Equal(1, after.Replicas[0].Restarts);
        Assert.Contains("fixture: stopped gracefully", app.GetLogs("app"));
    }

    [Fact]
    public async Task A_stopped_resource_shows_Exited_and_starts_again_on_command()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(60));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(b =>
            b.AddProject("app", TestSupport.Fixture).WithHttpHealthCheck("/health"), ct: ct);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        await app.WaitForResourceHealthyAsync("app", ct);

        await app.StopResourceAsync("app");
        Assert.Equal(KnownResourceStates.Exited, app.ResourceNotifications.GetSnapshot("app").State);
        await app.StartResourceAsync("app");

        await app.WaitForResourceHealthyAsync("app", ct);
    }

    [Fact]
    public async Task A_killed_replica_is_restarted_and_the_other_keeps_running()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(60));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(b =>
            b.AddProject("app", TestSupport.Fixture).WithReplicas(2).WithHttpHealthCheck("/health"), ct: ct);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        var before = await app.WaitForResourceHealthyAsync("app", ct);

        app.KillReplica("app", 1);
        var after = await app.ResourceNotifications.WaitForResourceAsync(
            "app", s => s.IsHealthy && s.Replicas[1].Restarts == 1, ct);

        Assert.Equal(before.Replicas[0].Pid, after.Replicas[0].Pid);
        Assert.NotEqual(before.Replicas[1].Pid, after.Replicas[1].Pid);
    }

    [Fact]
    public async Task Every_replica_is_listed_in_a_dependants_service_discovery()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(60));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(b =>
        {
            var api = b.AddProject("api", TestSupport.Fixture).WithReplicas(2).WithHttpHealthCheck("/health");
            b.AddProject("web", TestSupport.Fixture).WithReference(api).WaitFor(api).WithHttpHealthCheck("/health");
        }, ct: ct);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        await app.WaitForResourceHealthyAsync("web", ct);

        var web = await app.CreateHttpClient("web").GetFromJsonAsync<Dictionary<string, string>>("/env", ct);
        var api0 = await app.CreateHttpClient("api", replica: 0).GetFromJsonAsync<Dictionary<string, string>>("/env", ct);
        var api1 = await app.CreateHttpClient("api", replica: 1).GetFromJsonAsync<Dictionary<string, string>>("/env", ct);

        Assert.Equal(app.GetEndpoint("api", 0).ToString().TrimEnd('/'), web!["services__api__http__0"]);
        Assert.Equal(app.GetEndpoint("api", 1).ToString().TrimEnd('/'), web["services__api__http__1"]);
        Assert.Equal(web["services__api__http__0"], web["API_HTTP"]);
        Assert.Equal("api", api0!["OTEL_SERVICE_NAME"]);
        Assert.NotEqual(api0["OTEL_RESOURCE_ATTRIBUTES"], api1!["OTEL_RESOURCE_ATTRIBUTES"]);
    }

    [Fact]
    public async Task A_second_run_reuses_the_data_folder_and_keeps_committed_rows()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(120));
        var folder = TestFolder.Create("reused-data");
        string firstPassword;
        await using (var first = await StartDatabaseAsync(folder, ct))
        {
            var connectionString = (await first.GetConnectionStringAsync("appdb", ct))!;
            firstPassword = new NpgsqlConnectionStringBuilder(connectionString).Password!;
            await ExecuteAsync(connectionString, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('第一次运行')", ct);
        }

        await using var second = await StartDatabaseAsync(folder, ct);
        var again = (await second.GetConnectionStringAsync("appdb", ct))!;

        Assert.Equal(firstPassword, new NpgsqlConnectionStringBuilder(again).Password);
        await using var connection = new NpgsqlConnection(again);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT note FROM kept", connection);
        Assert.Equal("第一次运行", await command.ExecuteScalarAsync(ct));
    }

    private static async Task<TestingApplication> StartDatabaseAsync(string folder, CancellationToken ct)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(
            b => b.AddPostgres("postgres").AddDatabase("appdb"),
            o =>
            {
                o.DataDirectory = folder;
                // The point is what survives a clean stop, so run the cluster as the AppHost does.
                o.Configuration[HostingConfigKeys.DurablePostgres] = "true";
            },
            ct);
        var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        await app.WaitForResourceHealthyAsync("appdb", ct);
        return app;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
