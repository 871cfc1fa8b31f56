using Microsoft.Extensions.Options;

namespace Platform.Gateway.Forwarding;

public static class ReverseProxyExtensions
{
    /// <summary>Registers the forwarder, the configuration manager and the active health prober.</summary>
    public static IServiceCollection AddReverseProxy(this IServiceCollection services)
    {
        services.AddSingleton<ProxyConfigManager>();
        services.AddSingleton(sp => new HttpForwarder(
            new ForwarderSettings(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.ConnectTimeout),
            sp.GetRequiredService<ILogger<HttpForwarder>>()));
        services.AddSingleton<ProxyEndpointDataSource>();
        services.AddHostedService<ActiveHealthProber>();
        return services;
    }

    /// <summary>Maps every configured route as an endpoint. Loads and validates the configuration now, so
    /// an invalid <c>ReverseProxy</c> section stops the gateway before it listens.</summary>
    public static IEndpointRouteBuilder MapReverseProxy(this IEndpointRouteBuilder endpoints)
    {
        endpoints.DataSources.Add(endpoints.ServiceProvider.GetRequiredService<ProxyEndpointDataSource>());
        return endpoints;
    }
}
