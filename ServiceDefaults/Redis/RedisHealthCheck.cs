using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// Redis answers PING. Registered with failure status Degraded: the platform keeps serving without Redis (caches miss,
/// rate limits fall back to local counters), so an instance must not be taken out of rotation for it.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection connection) : IHealthCheck
{
    private static readonly TimeSpan FirstConnectWait = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IConnectionMultiplexer multiplexer;
        try
        {
            // The first connect attempt normally finishes in milliseconds; a Redis that is down takes the whole
            // connect timeout, which a probe should not wait for.
            multiplexer = await connection.GetAsync().WaitAsync(FirstConnectWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "正在连接 Redis");
        }
        if (!multiplexer.IsConnected)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis 不可用，以降级方式运行");
        }
        try
        {
            await multiplexer.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("Redis 连接正常");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis 不可用，以降级方式运行", ex);
        }
    }
}
