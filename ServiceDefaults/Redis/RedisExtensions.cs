using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.ServiceDefaults.Health;
using Platform.ServiceDefaults.Hosting;
using StackExchange.Redis;

namespace Platform.ServiceDefaults.Redis;

/// <summary>The Aspire.StackExchange.Redis registration, by the same name, on StackExchange.Redis 1.2.6.</summary>
public static class RedisExtensions
{
    /// <summary>
    /// Registers a lazily connected singleton <see cref="IConnectionMultiplexer"/> (and its <see cref="RedisConnection"/>)
    /// for <c>ConnectionStrings:&lt;name&gt;</c>, with a <c>StackExchange.Redis</c> check reported Degraded, never
    /// Unhealthy, while Redis is down.
    /// </summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string name)
    {
        var options = ConfigurationOptions.Parse(RequiredSettings.ConnectionString(builder.Configuration, name));
        builder.Services.AddSingleton(sp => new RedisConnection(options, sp.GetRequiredService<ILogger<RedisConnection>>()));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<RedisConnection>().GetAsync().GetAwaiter().GetResult());
        builder.Services.AddHostedService<RedisConnector>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "StackExchange.Redis",
            sp => new RedisHealthCheck(sp.GetRequiredService<RedisConnection>()),
            HealthStatus.Degraded,
            [HealthCheckExtensions.ReadyTag],
            TimeSpan.FromSeconds(3)));
        return builder;
    }
}
