using System.Collections.Concurrent;
using Microsoft.Extensions.Primitives;

namespace Platform.ServiceDefaults.Discovery;

/// <summary>
/// Configuration-based service discovery, the shape of Microsoft.Extensions.ServiceDiscovery: a request to
/// <c>http://projects/...</c> goes to one of <c>services:projects:http:0..n</c> (env <c>services__projects__http__0</c>),
/// round-robin; <c>https+http://projects</c> prefers the https endpoints and falls back to http. A host with no
/// <c>services:</c> entry is left alone, so plain addresses and DNS names (a Kubernetes Service) keep working.
/// </summary>
public sealed class ServiceEndpointResolver
{
    private readonly IConfiguration _configuration;
    private readonly ConcurrentDictionary<string, Endpoints> _cache = new(StringComparer.OrdinalIgnoreCase);

    public ServiceEndpointResolver(IConfiguration configuration)
    {
        _configuration = configuration;
        // Configuration reloads (a replica added, an endpoint moved) take effect on the next request.
        ChangeToken.OnChange(configuration.GetReloadToken, _cache.Clear);
    }

    /// <summary>
    /// The concrete address for <paramref name="requestUri"/>, or null when its host is not a configured service.
    /// </summary>
    /// <exception cref="HttpRequestException">The service is configured but has no endpoint for the requested scheme.</exception>
    public Uri? Resolve(Uri requestUri)
    {
        if (!requestUri.IsAbsoluteUri)
        {
            return null;
        }
        var serviceName = requestUri.IdnHost;
        var schemes = SchemesFor(requestUri.Scheme);
        var service = _configuration.GetSection($"services:{serviceName}");
        if (!service.Exists())
        {
            // A composite scheme cannot go on the wire: fall back to its last choice, as the real resolver does.
            return requestUri.Scheme.Contains('+', StringComparison.Ordinal)
                ? WithAuthority(requestUri, new UriBuilder(requestUri) { Scheme = schemes[^1], Port = -1 }.Uri)
                : null;
        }
        foreach (var scheme in schemes)
        {
            var endpoints = _cache.GetOrAdd($"{serviceName}|{scheme}", static (_, state) => state.Self.Load(state.Section, state.Scheme),
                (Self: this, Section: service, Scheme: scheme));
            if (endpoints.Next() is { } endpoint)
            {
                return WithAuthority(requestUri, endpoint);
            }
        }
        throw new HttpRequestException(
            $"Service '{serviceName}' has no {string.Join(" or ", schemes)} endpoint configured (services:{serviceName}:{schemes[0]}:0).");
    }

    private static string[] SchemesFor(string scheme) =>
        scheme.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private Endpoints Load(IConfigurationSection service, string scheme)
    {
        var addresses = service.GetSection(scheme).GetChildren()
            .OrderBy(child => int.TryParse(child.Key, out var index) ? index : int.MaxValue)
            .Select(child => Uri.TryCreate(child.Value, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .ToArray();
        return new Endpoints(addresses);
    }

    private static Uri WithAuthority(Uri requestUri, Uri endpoint) => new UriBuilder(requestUri)
    {
        Scheme = endpoint.Scheme,
        Host = endpoint.Host,
        Port = endpoint.IsDefaultPort ? -1 : endpoint.Port,
    }.Uri;

    private sealed class Endpoints(Uri[] addresses)
    {
        private int _next = -1;

        public Uri? Next() => addresses.Length switch
        {
            0 => null,
            1 => addresses[0],
            _ => addresses[(int)((uint)Interlocked.Increment(ref _next) % (uint)addresses.Length)],
        };
    }
}
