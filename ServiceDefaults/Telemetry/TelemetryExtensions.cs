using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry without OpenTelemetry.Extensions.Hosting or the instrumentation packages (absent from our registry):
/// providers built with <see cref="Sdk"/>, subscribed to the sources and meters .NET emits natively, owned by the
/// service container so they flush and dispose with the host.
/// </summary>
public static class TelemetryExtensions
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string OtlpHeadersKey = "OTEL_EXPORTER_OTLP_HEADERS";

    /// <summary>Activity sources emitted by ASP.NET Core, HttpClient and Npgsql themselves.</summary>
    public static readonly IReadOnlyList<string> BuiltInSources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql"];

    /// <summary>Meters emitted by ASP.NET Core, Kestrel, HttpClient, the runtime and Npgsql themselves.</summary>
    public static readonly IReadOnlyList<string> BuiltInMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Runtime",
        "Npgsql",
    ];

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder, ServiceInfo service)
        where TBuilder : IHostApplicationBuilder
    {
        // ASP.NET Core 10 can put the HTTP semantic-convention tags (url.path, http.route, status) on its own server
        // activity; the instrumentation package that used to add them is not available to us.
        AppContext.SetSwitch("Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData", false);

        var exporter = OtlpSettings.From(builder.Configuration);
        var resource = CreateResource(service, builder.Configuration);

        builder.Services.TryAddSingleton(new ServiceInstrumentation(service.ApplicationName));

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.SetResourceBuilder(resource);
            if (exporter is not null)
            {
                logging.AddOtlpExporter(exporter.Configure("v1/logs"));
            }
        });

        builder.Services.AddSingleton(sp =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource);
            var configurations = sp.GetServices<TracingConfiguration>().ToList();
            // Spans nobody receives still cost every request their allocation: listen only when they go somewhere.
            if (exporter is not null || configurations.Count > 0)
            {
                tracing.AddSource([.. BuiltInSources, service.ApplicationName]).AddProcessor(new HealthProbeTraceFilter());
            }
            foreach (var configure in configurations)
            {
                configure.Apply(tracing);
            }
            if (exporter is not null)
            {
                tracing.AddOtlpExporter(exporter.Configure("v1/traces"));
            }
            return tracing.Build();
        });

        builder.Services.AddSingleton(sp =>
        {
            var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource);
            var configurations = sp.GetServices<MetricsConfiguration>().ToList();
            if (exporter is not null || configurations.Count > 0)
            {
                metrics.AddMeter([.. BuiltInMeters, service.ApplicationName]);
            }
            foreach (var configure in configurations)
            {
                configure.Apply(metrics);
            }
            if (exporter is not null)
            {
                metrics.AddOtlpExporter(exporter.Configure("v1/metrics"));
            }
            return metrics.Build();
        });

        builder.Services.AddHostedService<TelemetryActivator>();
        return builder;
    }

    /// <summary>Adds sources, processors or exporters to the tracer provider (services' own spans, tests' collectors).</summary>
    public static IServiceCollection ConfigureTracing(this IServiceCollection services, Action<TracerProviderBuilder> configure)
    {
        services.AddSingleton(new TracingConfiguration(configure));
        return services;
    }

    /// <summary>Adds meters, views or readers to the meter provider.</summary>
    public static IServiceCollection ConfigureMetrics(this IServiceCollection services, Action<MeterProviderBuilder> configure)
    {
        services.AddSingleton(new MetricsConfiguration(configure));
        return services;
    }

    private static ResourceBuilder CreateResource(ServiceInfo service, IConfiguration configuration)
    {
        var attributes = ServiceInfo.ParseResourceAttributes(configuration[ServiceInfo.ResourceAttributesKey])
            .Where(a => a.Key != ServiceInfo.InstanceIdAttribute)
            .Select(a => new KeyValuePair<string, object>(a.Key, a.Value));
        return ResourceBuilder.CreateEmpty()
            .AddService(service.Name, serviceInstanceId: service.InstanceId, autoGenerateServiceInstanceId: false)
            .AddTelemetrySdk()
            .AddAttributes(attributes);
    }

    private sealed record OtlpSettings(Uri Endpoint, OtlpExportProtocol Protocol, string? Headers)
    {
        public static OtlpSettings? From(IConfiguration configuration)
        {
            // Exporting is opt-in: without an endpoint nothing leaves the process.
            if (!Uri.TryCreate(configuration[OtlpEndpointKey], UriKind.Absolute, out var endpoint))
            {
                return null;
            }
            var protocol = configuration[OtlpProtocolKey] is "http/protobuf"
                ? OtlpExportProtocol.HttpProtobuf
                : OtlpExportProtocol.Grpc;
            return new OtlpSettings(endpoint, protocol, configuration[OtlpHeadersKey]);
        }

        public Action<OtlpExporterOptions> Configure(string signalPath) => options =>
        {
            options.Protocol = Protocol;
            // An endpoint set in code is used verbatim, so http/protobuf needs the per-signal path the environment
            // variable form would have added.
            options.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
                : Endpoint;
            if (!string.IsNullOrEmpty(Headers))
            {
                options.Headers = Headers;
            }
        };
    }
}

/// <summary>A hook applied to the tracer provider as it is built.</summary>
public sealed record TracingConfiguration(Action<TracerProviderBuilder> Apply);

/// <summary>A hook applied to the meter provider as it is built.</summary>
public sealed record MetricsConfiguration(Action<MeterProviderBuilder> Apply);

/// <summary>The service's own activity source and meter name, both named after its application (as Aspire does).</summary>
public sealed class ServiceInstrumentation(string name) : IDisposable
{
    public ActivitySource ActivitySource { get; } = new(name);

    public string MeterName { get; } = name;

    public void Dispose() => ActivitySource.Dispose();
}
