namespace Platform.ServiceDefaults;

/// <summary>
/// Who this process is in the resource graph: its resource name (<c>OTEL_SERVICE_NAME</c>) and the replica id the
/// orchestrator gave it (<c>service.instance.id</c> in <c>OTEL_RESOURCE_ATTRIBUTES</c>).
/// </summary>
public sealed record ServiceInfo(string Name, string InstanceId, string ApplicationName)
{
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";
    public const string ResourceAttributesKey = "OTEL_RESOURCE_ATTRIBUTES";
    public const string InstanceIdAttribute = "service.instance.id";

    public static ServiceInfo From(IConfiguration configuration, IHostEnvironment environment)
    {
        var name = configuration[ServiceNameKey] is { Length: > 0 } configured
            ? configured
            : environment.ApplicationName.ToLowerInvariant();
        // Without an orchestrator the process id still tells replicas on one machine apart.
        var instance = ParseResourceAttributes(configuration[ResourceAttributesKey]).GetValueOrDefault(InstanceIdAttribute)
            ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        return new ServiceInfo(name, instance, environment.ApplicationName);
    }

    /// <summary>
    /// Parses the OpenTelemetry <c>key1=value1,key2=value2</c> list; values are percent-decoded as the
    /// specification requires, malformed pairs are skipped.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseResourceAttributes(string? value)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(value))
        {
            return attributes;
        }
        foreach (var pair in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = pair.IndexOf('=');
            if (separator <= 0)
            {
                continue;
            }
            var key = pair[..separator].Trim();
            var text = Uri.UnescapeDataString(pair[(separator + 1)..].Trim());
            if (text.Length > 0)
            {
                attributes[key] = text;
            }
        }
        return attributes;
    }
}
