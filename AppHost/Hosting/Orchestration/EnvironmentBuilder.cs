namespace Platform.Hosting.Orchestration;

/// <summary>What the whole run contributes to every replica's environment.</summary>
public sealed record EnvironmentContext(
    string EnvironmentName,
    string? OtlpEndpoint,
    string? OtlpProtocol,
    IReadOnlyDictionary<string, string> ExtraEnvironment);

/// <summary>
/// Computes a replica's environment with Aspire's names (REFERENCE-INFRA table 1.2), so the services would run
/// unchanged under the real AppHost.
/// </summary>
public static class EnvironmentBuilder
{
    public static Dictionary<string, string> Build(Resource resource, int replica, string instanceId, EnvironmentContext context)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var isProject = resource is ProjectResource;
        var port = resource.Ports.Count > replica ? resource.Ports[replica] : (int?)null;

        if (isProject)
        {
            if (port is { } p)
            {
                AddUrls(environment, resource, replica, $"http://127.0.0.1:{p}");
            }
            environment["ASPNETCORE_ENVIRONMENT"] = context.EnvironmentName;
            environment["LOGGING__CONSOLE__FORMATTERNAME"] = "simple";
            environment["OTEL_SERVICE_NAME"] = resource.Name;
            environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={instanceId}";
            if (context.OtlpEndpoint is { Length: > 0 } otlp)
            {
                AddOtlp(environment, otlp, context);
            }
        }
        else if (port is { } p && resource.PortEnvironmentVariable is { } portVariable)
        {
            environment[portVariable] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var reference in resource.References)
        {
            AddReference(environment, reference);
        }
        foreach (var (name, value) in resource.EnvironmentValues)
        {
            if (value() is { } resolved)
            {
                environment[name] = resolved;
            }
        }
        foreach (var (name, value) in context.ExtraEnvironment)
        {
            environment[name] = value;
        }
        return environment;
    }

    private static void AddUrls(Dictionary<string, string> environment, Resource resource, int replica, string url)
    {
        if (resource.Http2Ports.Count <= replica)
        {
            environment["ASPNETCORE_URLS"] = url;
            return;
        }

        // Two endpoints with different protocols need Kestrel's configuration: ASPNETCORE_URLS cannot say HTTP/2-only,
        // and Kestrel ignores it (with a warning) once endpoints are configured.
        environment["Kestrel__Endpoints__http__Url"] = url;
        environment[$"Kestrel__Endpoints__{Resource.Http2EndpointName}__Url"] = $"http://127.0.0.1:{resource.Http2Ports[replica]}";
        environment[$"Kestrel__Endpoints__{Resource.Http2EndpointName}__Protocols"] = "Http2";
    }

    /// <summary><c>services__&lt;name&gt;__&lt;endpoint&gt;__&lt;i&gt;</c>, the name Microsoft.Extensions.ServiceDiscovery reads.</summary>
    public static string ServiceDiscoveryVariable(string resourceName, int index, string endpoint = "http") =>
        $"services__{resourceName}__{endpoint}__{index}";

    /// <summary><c>&lt;NAME&gt;_HTTP</c>, Aspire's plain-URL form for non-.NET consumers.</summary>
    public static string EndpointVariable(string resourceName) => resourceName.ToUpperInvariant().Replace('-', '_') + "_HTTP";

    public static string ConnectionStringVariable(string resourceName) => $"ConnectionStrings__{resourceName}";

    private static void AddReference(Dictionary<string, string> environment, Resource reference)
    {
        if (reference is IResourceWithConnectionString withConnectionString && withConnectionString.GetConnectionString() is { } connectionString)
        {
            environment[ConnectionStringVariable(reference.Name)] = connectionString;
        }
        if (reference.HasHttpEndpoint)
        {
            var urls = reference.HttpUrls;
            for (var i = 0; i < urls.Count; i++)
            {
                environment[ServiceDiscoveryVariable(reference.Name, i)] = urls[i];
            }
            if (urls.Count > 0)
            {
                environment[EndpointVariable(reference.Name)] = urls[0];
            }
            var http2Urls = reference.Http2Urls;
            for (var i = 0; i < http2Urls.Count; i++)
            {
                environment[ServiceDiscoveryVariable(reference.Name, i, Resource.Http2EndpointName)] = http2Urls[i];
            }
        }
    }

    private static void AddOtlp(Dictionary<string, string> environment, string endpoint, EnvironmentContext context)
    {
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
        if (context.OtlpProtocol is { Length: > 0 } protocol)
        {
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol;
        }
        environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
        if (string.Equals(context.EnvironmentName, "Development", StringComparison.OrdinalIgnoreCase))
        {
            // Aspire's development settings: telemetry shows up within a second.
            environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
            environment["OTEL_TRACES_SAMPLER"] = "always_on";
            environment["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based";
            environment["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "true";
            environment["OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION"] = "true";
        }
    }
}
