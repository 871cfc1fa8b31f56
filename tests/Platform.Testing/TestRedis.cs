namespace Platform.Testing;

/// <summary>
/// The test process's shared real redis-server (free port, password, started once on first use). Tests that need
/// Redis to go down use <see cref="StartPrivateAsync"/> instead, so they never disturb their neighbours.
/// </summary>
public sealed class TestRedis
{
    private TestRedis(string connectionString) => ConnectionString = connectionString;

    /// <summary>StackExchange.Redis configuration string: <c>127.0.0.1:&lt;port&gt;,password=…</c>.</summary>
    public string ConnectionString { get; }

    public static async Task<TestRedis> GetAsync(CancellationToken ct = default)
    {
        var (_, connectionString) = await TestServers.Redis.Value.WaitAsync(ct).ConfigureAwait(false);
        return new TestRedis(connectionString);
    }

    /// <summary>A redis-server of the caller's own, which it may stop and start again (same port and password).</summary>
    public static async Task<PrivateRedis> StartPrivateAsync(CancellationToken ct = default)
    {
        var (server, connectionString) = await TestServers.StartRedisAsync(TestServers.NewFolder("redis-private")).WaitAsync(ct).ConfigureAwait(false);
        return new PrivateRedis(server, connectionString);
    }
}
