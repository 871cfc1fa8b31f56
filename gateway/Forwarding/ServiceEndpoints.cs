namespace Platform.Gateway.Forwarding;

/// <summary>
/// Expands a logical destination address the way Microsoft.Extensions.ServiceDiscovery's configuration
/// provider does: <c>http://projects</c> becomes every <c>services:projects:http:{i}</c> endpoint (one
/// per replica, as the AppHost injects them); <c>https+http://projects</c> prefers https endpoints and
/// falls back to http; <c>http://_h2c.projects</c> is every <c>services:projects:h2c:{i}</c> (an endpoint by name, as
/// Aspire writes it). Addresses that name no configured service are literal.
/// </summary>
public static class ServiceEndpoints
{
    public sealed record Endpoint(string Suffix, string Address);

    /// <returns>The endpoints, or an empty list when the address is a service name with no configured
    /// endpoint (the cluster then has nothing to send to and answers 503).</returns>
    public static IReadOnlyList<Endpoint> Resolve(IConfiguration configuration, string address, string key)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ProxyConfigException($"{key}: '{address}' is not an absolute URL.");
        }

        // Endpoint names to look up, in order of preference; an unnamed endpoint is named after its scheme.
        var endpointNames = uri.Scheme switch
        {
            "https+http" => new[] { "https", "http" },
            "http" => ["http"],
            "https" => ["https"],
            _ => throw new ProxyConfigException($"{key}: scheme '{uri.Scheme}' is not supported; use http, https or https+http."),
        };

        var basePath = uri.AbsolutePath.TrimEnd('/');
        var (serviceName, endpointName) = SplitHost(uri.Host);
        if (endpointName is not null)
        {
            // Aspire's form for a named endpoint: http://_h2c.projects is every services:projects:h2c:{i}.
            endpointNames = [endpointName];
        }

        var service = configuration.GetSection($"services:{serviceName}");
        if (!service.Exists())
        {
            // A bare name with no port (other than localhost) can only be a service name; sending it to
            // DNS would turn a wiring mistake into slow 502s, so it resolves to nothing instead.
            var looksLogical = uri.IsDefaultPort && !uri.Host.Contains('.') && uri.HostNameType == UriHostNameType.Dns
                && !string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);
            if (looksLogical || endpointNames.Length > 1 || endpointName is not null)
            {
                return [];
            }

            return [new Endpoint(string.Empty, address.TrimEnd('/'))];
        }

        foreach (var name in endpointNames)
        {
            var endpoints = service.GetSection(name).GetChildren()
                .Where(child => !string.IsNullOrWhiteSpace(child.Value))
                .OrderBy(child => int.TryParse(child.Key, out var index) ? index : int.MaxValue)
                .ThenBy(child => child.Key, StringComparer.Ordinal)
                .Select(child => new Endpoint($"/{child.Key}", Combine(child.Value!, basePath, $"services:{serviceName}:{name}:{child.Key}")))
                .ToList();
            if (endpoints.Count > 0)
            {
                return endpoints;
            }
        }

        return [];
    }

    /// <summary><c>_endpoint.service</c> names one endpoint of a service; any other host is the service name.</summary>
    private static (string Service, string? Endpoint) SplitHost(string host)
    {
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return host.StartsWith('_') && dot > 1 && dot < host.Length - 1
            ? (host[(dot + 1)..], host[1..dot])
            : (host, null);
    }

    private static string Combine(string endpoint, string basePath, string key)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new ProxyConfigException($"{key}: '{endpoint}' is not an absolute http(s) URL.");
        }

        return endpoint.TrimEnd('/') + basePath;
    }
}
