using System.Net;
using Platform.Gateway.Tests.Support;
using Platform.Testing;
using StackExchange.Redis;

namespace Platform.Gateway.Tests;

public sealed class RateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_gateways_on_one_redis_enforce_one_limit()
    {
        var redis = await TestRedis.GetAsync(Ct);
        await using var upstream = await Upstream.StartEchoAsync("projects");
        var settings = Limited(upstream.Url, redis.ConnectionString, perIp: 4);
        await using var first = await GatewayHost.StartAsync(settings);
        await using var second = await GatewayHost.StartAsync(settings);

        var allowed = new List<HttpStatusCode>();
        foreach (var gateway in new[] { first, second, first, second })
        {
            using var ok = await gateway.Client.GetAsync("/api/x", Ct);
            allowed.Add(ok.StatusCode);
        }

        using var limited = await first.Client.GetAsync("/api/x", Ct);

        Assert.All(allowed, status => Assert.Equal(HttpStatusCode.OK, status));
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        await Problems.AssertAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited", upstream.Port);
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task With_redis_down_each_gateway_still_enforces_the_limit_locally()
    {
        await using var redis = await TestRedis.StartPrivateAsync(Ct);
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(Limited(upstream.Url, redis.ConnectionString, perIp: 3));
        await redis.StopAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await gateway.Client.GetAsync("/api/x", Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task When_redis_returns_the_counters_move_back_to_it()
    {
        await using var redis = await TestRedis.StartPrivateAsync(Ct);
        await using var upstream = await Upstream.StartEchoAsync("projects");
        var prefix = $"test:{Guid.NewGuid():N}:";
        var settings = Limited(upstream.Url, redis.ConnectionString, perIp: 1000).With("Gateway:RateLimits:KeyPrefix", prefix);
        await using var gateway = await GatewayHost.StartAsync(settings);
        await redis.StopAsync();
        using (var duringOutage = await gateway.Client.GetAsync("/api/x", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, duringOutage.StatusCode);
        }

        await redis.StartAsync();

        using var observer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var key = (RedisKey)(prefix + "ip:127.0.0.1");
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await gateway.Client.GetAsync("/api/x", Ct);
            return response.StatusCode == HttpStatusCode.OK && await observer.GetDatabase().KeyExistsAsync(key);
        }, "the gateway counts in Redis again", seconds: 60);
    }

    [Fact]
    public async Task Routes_with_rate_limiting_disabled_are_not_counted()
    {
        var redis = await TestRedis.GetAsync(Ct);
        await using var upstream = await Upstream.StartEchoAsync("projects");
        var settings = Limited(upstream.Url, redis.ConnectionString, perIp: 1).With("ReverseProxy:Routes:all:RateLimiterPolicy", "disable");
        await using var gateway = await GatewayHost.StartAsync(settings);

        for (var i = 0; i < 3; i++)
        {
            using var response = await gateway.Client.GetAsync("/api/x", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>A fresh key prefix per test: tests share the Redis server but never each other's counters.</summary>
    internal static ProxySettings Limited(string upstream, string redis, int perIp, int perUser = 1000) =>
        ProxySettings.To(upstream)
            .With("ConnectionStrings:redis", redis)
            .With("Gateway:RateLimits:Enabled", "true")
            .With("Gateway:RateLimits:PerIp", perIp.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Gateway:RateLimits:PerUser", perUser.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Gateway:RateLimits:Window", "00:01:00")
            .With("Gateway:RateLimits:KeyPrefix", $"test:{Guid.NewGuid():N}:");
}
