using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using Platform.Gateway.Edge;
using Platform.Gateway.Forwarding;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Redis;

namespace Platform.Gateway;

/// <summary>
/// The gateway's composition, callable from tests: <c>Program</c> passes the process's builder, tests
/// pass one with their own configuration and a loopback port.
/// </summary>
public static class GatewayApp
{
    /// <summary>The runtime's switch for running socket completions on its epoll threads; read once, at the first socket.</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// For the gateway process, before anything opens a socket: socket completions run where the runtime
    /// sees them, as <see cref="GatewayOptions.InlineScheduling"/> expects (together they take the thread
    /// switches out of a forwarded request). A value the operator set (0 turns it off) is kept.
    /// </summary>
    public static void PrepareProcess()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddGateway();

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UsePortalFiles();
        app.UseProxyLane();
        app.MapDefaultEndpoints();
        app.MapReverseProxy();
        app.MapPortal();
        return app;
    }

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        // The upstream's Server header passes through; the gateway adds none of its own.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
        builder.Services.AddOptions<SocketTransportOptions>().Configure<IOptions<GatewayOptions>>(
            (sockets, gateway) => sockets.UnsafePreferInlineScheduling = gateway.Value.InlineScheduling);
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();

        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceNames.Redis)))
        {
            builder.AddRedisClient(ResourceNames.Redis);
        }

        builder.Services.AddSingleton<RateLimitCounters>();
        builder.Services.AddReverseProxy();
        return builder;
    }

    /// <summary>
    /// Routing, then <see cref="ProxyLane"/>: a request that matched a proxy route is authorized, rate limited
    /// and forwarded there and goes no further. The default pipeline that <c>MapDefaultEndpoints</c> adds
    /// after it serves the gateway's own endpoints (health, OpenAPI, the portal fallback); its routing step
    /// keeps the endpoint chosen here.
    /// </summary>
    public static WebApplication UseProxyLane(this WebApplication app)
    {
        app.Services.GetRequiredService<RateLimitCounters>().Connect();
        app.UseRouting();
        app.UseMiddleware<ProxyLane>();
        return app;
    }
}
