using Platform.AppHost;
using Platform.Testing;

namespace Platform.Tests;

/// <summary>Starts the AppHost's own graph (or a subset of it), with tokens from a test issuer or from identity.</summary>
internal static class PlatformGraphFactory
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>With tokens minted by <paramref name="issuer"/> (services trust it instead of identity); no demo data.</summary>
    public static Task<TestingApplication> StartAsync(
        TestTokenIssuer issuer, Action<DistributedApplicationTestingOptions>? configure = null, CancellationToken ct = default) =>
        StartAsync(options =>
        {
            options.Configuration[PlatformGraph.IdentityUrlKey] = issuer.Authority;
            options.Configuration[PlatformGraph.DemoKey] = "false";
            configure?.Invoke(options);
        }, ct);

    /// <summary>With the platform's own identity service as the only issuer (the default graph), in demo mode.</summary>
    public static Task<TestingApplication> StartWithIdentityAsync(CancellationToken ct = default) =>
        StartAsync(options => options.Configuration[PlatformGraph.DemoKey] = "true", ct);

    private static async Task<TestingApplication> StartAsync(Action<DistributedApplicationTestingOptions> configure, CancellationToken ct)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<PlatformGraph>(options =>
        {
            // Load and failover tests send more than a person would; the limits have tests of their own.
            options.Environment["Gateway__RateLimits__Enabled"] = "false";
            // Probe often so a dead replica leaves the rotation within a test's patience.
            foreach (var (service, _) in Platform.ServiceDefaults.ResourceNames.Services)
            {
                options.Environment[$"ReverseProxy__Clusters__{service}__HealthCheck__Active__Interval"] = "00:00:01";
            }
            configure(options);
        }, ct);
        var app = await builder.BuildAsync(ct);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(StartTimeout);
            await app.StartAsync(timeout.Token);
            foreach (var resource in builder.Resources.Where(r => !r.Name.EndsWith("-migrations", StringComparison.Ordinal)))
            {
                await app.WaitForResourceHealthyAsync(resource.Name, timeout.Token);
            }
            await WaitUntilTheGatewayRoutesToEveryServiceAsync(app, builder.Resources.Select(r => r.Name).ToHashSet(), timeout.Token);
            return app;
        }
        catch (Exception e)
        {
            var output = app.Output;
            await app.DisposeAsync();
            throw new InvalidOperationException($"The platform did not become healthy: {e.Message}{Environment.NewLine}{output}", e);
        }
    }

    /// <summary>
    /// The gateway starts before the services and probes them on its own schedule (as YARP does), so "every process is
    /// healthy" can come a probe interval before the gateway routes to them. Callers wait for what a user would see.
    /// </summary>
    private static async Task WaitUntilTheGatewayRoutesToEveryServiceAsync(TestingApplication app, IReadOnlySet<string> resources, CancellationToken ct)
    {
        if (!resources.Contains(Platform.ServiceDefaults.ResourceNames.Gateway))
        {
            return;
        }
        using var gateway = app.CreateHttpClient(Platform.ServiceDefaults.ResourceNames.Gateway);
        foreach (var (service, _) in Platform.ServiceDefaults.ResourceNames.Services.Where(s => resources.Contains(s.Service)))
        {
            while (true)
            {
                using var response = await gateway.GetAsync($"/api/{service}/openapi/v1.json", ct);
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
                await Task.Delay(100, ct);
            }
        }
    }
}
