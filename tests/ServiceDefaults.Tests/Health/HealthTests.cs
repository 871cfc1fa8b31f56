using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Migrations;
using Platform.ServiceDefaults.Redis;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Redis_down_makes_health_degraded_not_unhealthy()
    {
        await using var redis = await TestRedis.StartPrivateAsync(TestContext.Current.CancellationToken);
        await redis.StopAsync();
        await using var app = await StartWithRedis(redis.ConnectionString);

        var (status, checks) = await WaitForRedisCheck(app, "Degraded");

        Assert.Equal(HttpStatusCode.OK, status.Code);
        Assert.Equal("Degraded", status.Overall);
        Assert.Equal("Degraded", checks);
    }

    [Fact]
    public async Task Redis_up_makes_health_healthy()
    {
        await using var redis = await TestRedis.StartPrivateAsync(TestContext.Current.CancellationToken);
        await using var app = await StartWithRedis(redis.ConnectionString);

        var (status, check) = await WaitForRedisCheck(app, "Healthy");

        Assert.Equal("Healthy", status.Overall);
        Assert.Equal("Healthy", check);
    }

    [Fact]
    public async Task Redis_recovering_makes_health_healthy_again()
    {
        await using var redis = await TestRedis.StartPrivateAsync(TestContext.Current.CancellationToken);
        await redis.StopAsync();
        await using var app = await StartWithRedis(redis.ConnectionString);
        await WaitForRedisCheck(app, "Degraded");

        await redis.StartAsync();
        var (_, check) = await WaitForRedisCheck(app, "Healthy");

        Assert.Equal("Healthy", check);
    }

    [Fact]
    public async Task Liveness_ignores_redis()
    {
        await using var redis = await TestRedis.StartPrivateAsync(TestContext.Current.CancellationToken);
        await redis.StopAsync();
        await using var app = await StartWithRedis(redis.ConnectionString);

        using var response = await app.Client.GetAsync("/alive", TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.False(body.RootElement.GetProperty("checks").TryGetProperty("StackExchange.Redis", out _));
    }

    [Fact]
    public async Task Reachable_database_is_reported_under_the_aspire_check_name()
    {
        await using var database = await TestDatabase.CreateAsync("health", TestContext.Current.CancellationToken);
        // A service starts only against an up-to-date database: the migration step runs first, as in the AppHost.
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(database.ConnectionString))
        {
            await new MigrationRunner(dataSource, MigrationScript.ForService(typeof(HealthTests).Assembly))
                .MigrateAsync(TestContext.Current.CancellationToken);
        }
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:projectsdb"] = database.ConnectionString },
            configureBuilder: builder => builder.AddNpgsqlDataSource("projectsdb"));

        using var response = await app.Client.GetAsync("/health", TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("PostgreSql_projectsdb").GetProperty("status").GetString());
    }

    private static Task<TestApp> StartWithRedis(string connectionString) => TestApp.StartAsync(
        new Dictionary<string, string?> { ["ConnectionStrings:redis"] = connectionString },
        configureBuilder: builder => builder.AddRedisClient("redis"));

    /// <summary>Polls /health until the Redis check reports <paramref name="expected"/> (connecting is asynchronous).</summary>
    private static async Task<((HttpStatusCode Code, string Overall) Status, string Check)> WaitForRedisCheck(TestApp app, string expected)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var response = await app.Client.GetAsync("/health", timeout.Token);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            var overall = body.RootElement.GetProperty("status").GetString()!;
            var check = body.RootElement.GetProperty("checks").GetProperty("StackExchange.Redis").GetProperty("status").GetString()!;
            Assert.NotEqual("Unhealthy", overall);
            if (check == expected)
            {
                return ((response.StatusCode, overall), check);
            }
            await Task.Delay(200, timeout.Token);
        }
    }
}
