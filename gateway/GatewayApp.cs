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
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddGateway();

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UsePortalFiles();
        app.MapDefaultEndpoints();
        app.UseGatewayRateLimits();
        app.MapReverseProxy();
        app.MapPortal();
        return app;
    }

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        // The upstream's Server header passes through; the gateway adds none of its own.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
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
    /// Rate limits for proxied routes. Registered after <c>MapDefaultEndpoints</c>, whose middleware
    /// authenticates and authorizes: the limit then knows the user, and a request without a valid token
    /// for a protected route is refused (401) before it costs a Redis round trip.
    /// </summary>
    public static WebApplication UseGatewayRateLimits(this WebApplication app)
    {
        app.Services.GetRequiredService<RateLimitCounters>().Connect();
        app.UseMiddleware<RateLimitMiddleware>();
        return app;
    }
}
