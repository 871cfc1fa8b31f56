using System.Collections.Concurrent;
using Platform.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Platform.Gateway.Edge;

public readonly record struct RateLimitDecision(bool Allowed, int RetryAfterSeconds);

/// <summary>
/// Fixed-window counters. In Redis, so every gateway replica counts against the same limit; in process
/// memory while Redis is unreachable, so an outage degrades the limit to per-replica instead of turning
/// it off or failing requests. Switches back on its own once Redis answers again.
/// </summary>
public sealed class RateLimitCounters
{
    // Count and expiry in one atomic round trip. A window starts with its first request (INCR → 1 sets
    // the expiry), so replicas need no synchronised clocks; the PTTL guard repairs a key that lost its
    // expiry (one left over from a crash, or written by hand).
    private const string Script = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return { count, ttl }
        """;

    private readonly RedisConnection? _redis;
    private readonly LocalCounters _local = new();
    private readonly ILogger<RateLimitCounters> _logger;
    private int _redisUsable = 1;

    public RateLimitCounters(IServiceProvider services, ILogger<RateLimitCounters> logger)
    {
        _logger = logger;
        _redis = services.GetService<RedisConnection>();
        if (_redis is null)
        {
            GatewayLog.RateLimitNoRedis(logger);
        }
    }

    /// <summary>Starts connecting to Redis without waiting, so the first requests need not.</summary>
    public void Connect() => _redis?.TryGet(out _);

    /// <param name="ip">Always counted when <paramref name="user"/> is null.</param>
    /// <param name="user">The caller's <c>sub</c>; when present the user's limit applies instead of the IP's.</param>
    public async ValueTask<RateLimitDecision> HitAsync(string ip, string? user, RateLimitOptions options)
    {
        var (key, limit) = user is null
            ? (options.KeyPrefix + "ip:" + ip, options.PerIp)
            : (options.KeyPrefix + "user:" + user, options.PerUser);

        var (count, ttlMs) = await CountAsync(key, options) ?? _local.Hit(key, options.Window);
        return count <= limit
            ? new RateLimitDecision(true, 0)
            : new RateLimitDecision(false, (int)Math.Max(1, Math.Ceiling(ttlMs / 1000d)));
    }

    private async ValueTask<(long Count, long TtlMs)?> CountAsync(string key, RateLimitOptions options)
    {
        if (_redis is null)
        {
            return null;
        }

        IConnectionMultiplexer multiplexer;
        var connecting = _redis.GetAsync();
        try
        {
            // Only the first requests after start can find the connect attempt unfinished; they wait for it
            // (bounded) so that every replica's count lands in Redis from the start.
            multiplexer = connecting.IsCompletedSuccessfully ? connecting.Result : await connecting.WaitAsync(options.RedisTimeout);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            MarkDown(ex);
            return null;
        }

        if (!multiplexer.IsConnected)
        {
            MarkDown(null);
            return null;
        }

        var call = multiplexer.GetDatabase().ScriptEvaluateAsync(
            Script, [key], [(long)options.Window.TotalMilliseconds]);
        try
        {
            var result = (RedisResult[])(await call.WaitAsync(options.RedisTimeout))!;
            if (Interlocked.Exchange(ref _redisUsable, 1) == 0)
            {
                GatewayLog.RateLimitRedisRestored(_logger);
            }

            return ((long)result[0], (long)result[1]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or InvalidCastException or ObjectDisposedException)
        {
            // The abandoned call may still fail later; observe it so it is not reported as unobserved.
            _ = call.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            MarkDown(ex);
            return null;
        }
    }

    private void MarkDown(Exception? exception)
    {
        if (Interlocked.Exchange(ref _redisUsable, 0) == 1)
        {
            GatewayLog.RateLimitRedisDown(_logger, exception);
        }
    }

    private sealed class LocalCounters
    {
        private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
        private long _nextSweep;

        public (long Count, long TtlMs) Hit(string key, TimeSpan length)
        {
            var now = Environment.TickCount64;
            var windowMs = (long)length.TotalMilliseconds;
            Sweep(now, windowMs);
            var window = _windows.GetOrAdd(key, static (_, start) => new Window(start), now);
            lock (window)
            {
                if (now - window.Start >= windowMs)
                {
                    window.Start = now;
                    window.Count = 0;
                }

                window.Count++;
                return (window.Count, windowMs - (now - window.Start));
            }
        }

        private void Sweep(long now, long windowMs)
        {
            var due = Volatile.Read(ref _nextSweep);
            if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + windowMs, due) != due)
            {
                return;
            }

            foreach (var (key, window) in _windows)
            {
                if (now - window.Start >= windowMs)
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }

        private sealed class Window(long start)
        {
            public long Start = start;
            public long Count;
        }
    }
}
