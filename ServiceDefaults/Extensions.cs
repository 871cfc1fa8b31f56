using Microsoft.AspNetCore.Builder;
using Platform.Contracts.Json;
using Platform.ServiceDefaults.Discovery;
using Platform.ServiceDefaults.Health;
using Platform.ServiceDefaults.Hosting;
using Platform.ServiceDefaults.Migrations;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Resilience;
using Platform.ServiceDefaults.Scope;
using Platform.ServiceDefaults.Security;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults;

/// <summary>
/// The Aspire ServiceDefaults template's role: what every service of the platform gets, by the same method names.
/// </summary>
public static class Extensions
{
    /// <summary>
    /// Telemetry (OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), health checks, configuration-based
    /// service discovery and the standard resilience handler on every HttpClient, ProblemDetails, JWT bearer
    /// authentication with an authenticated-user fallback policy, and the OpenAPI document.
    /// </summary>
    /// <exception cref="StartupRefusedException">A required setting is missing; the service process prints it and exits 1.</exception>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        StartupGuard.Install();
        var service = ServiceInfo.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(service);

        builder.ConfigureOpenTelemetry(service);
        builder.AddDefaultHealthChecks();

        builder.Services.AddSingleton<ServiceEndpointResolver>();
        builder.Services.AddTransient<ServiceDiscoveryHandler>();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Resilience outside discovery: every retry resolves again and may reach another replica.
            http.AddStandardResilienceHandler();
            http.AddHttpMessageHandler<ServiceDiscoveryHandler>();
        });

        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        builder.Services.AddDefaultProblemDetails();
        builder.AddDefaultAuthentication();
        builder.Services.AddDefaultOpenApi();
        return builder;
    }

    /// <summary>
    /// Error handling (ProblemDetails), routing, authentication and authorization middleware in that order, the
    /// request's caller made ambient for the region scope (<see cref="CallerScope"/>), then
    /// <c>/health</c>, <c>/alive</c> and <c>/openapi/v1.json</c> (all anonymous). Before returning it checks the
    /// service's database migrations (start refused when pending or altered), or, when the process was started with
    /// <c>--migrate</c>, applies them and ends the process without opening a port.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        MigrationStartup.Run(app);

        app.Use(HealthProbeTraceFilter.Middleware);
        app.UseDefaultErrorHandling();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization, so the caller is the principal the endpoint's policy authenticated.
        app.UseCallerScope();

        app.MapDefaultHealthChecks();
        app.MapDefaultOpenApi();
        return app;
    }
}
