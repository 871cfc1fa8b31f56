using System.Diagnostics.CodeAnalysis;
using StackExchange.Redis;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// The process's one Redis multiplexer, created on first use rather than at start, with
/// <c>AbortOnConnectFail=false</c> so a Redis that is down (or not up yet) never fails or blocks the service: the
/// multiplexer reconnects in the background and callers see failures only on the operations they attempt.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;

    public RedisConnection(ConfigurationOptions options, ILogger<RedisConnection> logger)
    {
        var configuration = options.Clone();
        configuration.AbortOnConnectFail = false;
        _connection = new Lazy<Task<IConnectionMultiplexer>>(() => ConnectAsync(configuration, logger));
    }

    /// <summary>The multiplexer, connecting it on first call (at most the configured connect timeout).</summary>
    public Task<IConnectionMultiplexer> GetAsync() => _connection.Value;

    /// <summary>
    /// The multiplexer if the first connect attempt has finished (connected or not); starts that attempt otherwise and
    /// returns false. For hot paths that must never wait for Redis.
    /// </summary>
    public bool TryGet([NotNullWhen(true)] out IConnectionMultiplexer? multiplexer)
    {
        var task = _connection.Value;
        multiplexer = task.IsCompletedSuccessfully ? task.Result : null;
        return multiplexer is not null;
    }

    public void Dispose()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            _connection.Value.Result.Dispose();
        }
    }

    private static async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration, ILogger logger)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        if (!multiplexer.IsConnected)
        {
            logger.LogWarning("Redis at {Endpoints} is not reachable; continuing without it and reconnecting in the background",
                string.Join(",", configuration.EndPoints.Select(e => e.ToString())));
        }
        multiplexer.ConnectionRestored += (_, e) =>
            logger.LogInformation("Redis connection to {Endpoint} restored", e.EndPoint?.ToString());
        multiplexer.ConnectionFailed += (_, e) =>
            logger.LogWarning("Redis connection to {Endpoint} failed: {FailureType}", e.EndPoint?.ToString(), e.FailureType);
        return multiplexer;
    }
}

/// <summary>Starts connecting when the host starts, without waiting: the first request finds Redis ready.</summary>
internal sealed class RedisConnector(RedisConnection connection) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = connection.GetAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
