using Platform.Hosting.Infrastructure;

namespace Platform.Testing;

/// <summary>A redis-server owned by one test: stop it to test behaviour with Redis down, start it to test recovery.</summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private readonly EmbeddedServer _server;

    internal PrivateRedis(EmbeddedServer server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public int Port => _server.Port;

    /// <summary>Stops the server (clean shutdown); connections are refused until <see cref="StartAsync"/>.</summary>
    public Task StopAsync() => _server.StopAsync();

    /// <summary>Starts it again on the same port with the same password; returns once it answers PING.</summary>
    public Task StartAsync() => _server.StartAsync(TimeSpan.FromSeconds(30));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
