using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Platform.Gateway.Forwarding;

/// <summary>
/// Reads and validates the <c>ReverseProxy</c> section into a <see cref="ProxySnapshot"/>. Every error
/// names the configuration key so a start failure says what to fix.
/// </summary>
public sealed class ProxyConfigLoader(IConfiguration configuration, IAuthorizationPolicyProvider? policies, ILogger logger)
{
    public const string SectionName = "ReverseProxy";

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DefaultActivityTimeout = TimeSpan.FromSeconds(100);
    private const int DefaultThreshold = 2;

    /// <param name="previous">Destinations that survive a reload keep their observed health.</param>
    /// <param name="defaultMaxRequestBodySize">Used by routes that set no limit of their own.</param>
    public ProxySnapshot Load(ProxySnapshot? previous, long defaultMaxRequestBodySize)
    {
        var section = configuration.GetSection(SectionName);
        var clusters = new Dictionary<string, ClusterState>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetSection("Clusters").GetChildren())
        {
            var old = previous is not null && previous.Clusters.TryGetValue(child.Key, out var found) ? found : null;
            clusters[child.Key] = BuildCluster(child.Key, Bind<ClusterConfig>(child), old);
        }

        var routes = new List<ProxyRoute>();
        foreach (var child in section.GetSection("Routes").GetChildren())
        {
            routes.Add(BuildRoute(child.Key, Bind<RouteConfig>(child), clusters, defaultMaxRequestBodySize));
        }

        return new ProxySnapshot(routes, clusters);
    }

    /// <summary>Binds one route or cluster on its own: inside a dictionary the binder silently drops an
    /// entry it cannot convert, which would turn a typo in a timeout into a confusing "unknown cluster".</summary>
    private static T Bind<T>(IConfigurationSection section)
        where T : new()
    {
        try
        {
            return section.Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the type it could not convert to.
            throw new ProxyConfigException(ex.Message);
        }
    }

    private ProxyRoute BuildRoute(string routeId, RouteConfig route, Dictionary<string, ClusterState> clusters, long defaultMaxBody)
    {
        var key = $"{SectionName}:Routes:{routeId}";
        if (string.IsNullOrWhiteSpace(route.ClusterId))
        {
            throw new ProxyConfigException($"{key}:ClusterId is required.");
        }

        if (!clusters.TryGetValue(route.ClusterId, out var cluster))
        {
            throw new ProxyConfigException($"{key}:ClusterId: no cluster '{route.ClusterId}' under {SectionName}:Clusters.");
        }

        var path = route.Match?.Path;
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ProxyConfigException($"{key}:Match:Path is required.");
        }

        RoutePattern pattern;
        try
        {
            pattern = RoutePatternFactory.Parse(path);
        }
        catch (RoutePatternException ex)
        {
            throw new ProxyConfigException($"{key}:Match:Path: '{path}' is not a valid route template ({ex.Message})");
        }

        var methods = route.Match?.Methods is { Count: > 0 } m ? m.Select(x => x.Trim().ToUpperInvariant()).ToArray() : null;
        if (methods?.Any(x => x.Length == 0 || !x.All(char.IsAsciiLetter)) == true)
        {
            throw new ProxyConfigException($"{key}:Match:Methods: every entry must be an HTTP method name.");
        }

        var hosts = route.Match?.Hosts is { Count: > 0 } h ? h.ToArray() : null;
        if (hosts?.Any(string.IsNullOrWhiteSpace) == true)
        {
            throw new ProxyConfigException($"{key}:Match:Hosts: entries must not be empty.");
        }

        var policy = NormalizePolicy(route.AuthorizationPolicy, $"{key}:AuthorizationPolicy");

        if (route.MaxRequestBodySize is < -1)
        {
            throw new ProxyConfigException($"{key}:MaxRequestBodySize must be -1 (no limit) or a size in bytes.");
        }

        long? maxBody = route.MaxRequestBodySize switch
        {
            null => defaultMaxBody < 0 ? null : defaultMaxBody,
            -1 => null,
            var size => size,
        };

        var rateLimited = !string.Equals(route.RateLimiterPolicy, "disable", StringComparison.OrdinalIgnoreCase);
        var transforms = RequestTransforms.Parse(route.Transforms, $"{key}:Transforms");
        return new ProxyRoute(routeId, cluster, pattern, route.Order ?? 0, methods, hosts, policy, rateLimited, maxBody, transforms);
    }

    private string NormalizePolicy(string? policy, string key)
    {
        // Unlike YARP, where an unset policy means "no authorization", an unset policy here means the
        // default (authenticated) one: forgetting the setting must not publish an API anonymously.
        if (string.IsNullOrWhiteSpace(policy) || string.Equals(policy, ProxyRoute.DefaultPolicy, StringComparison.OrdinalIgnoreCase))
        {
            return ProxyRoute.DefaultPolicy;
        }

        if (string.Equals(policy, ProxyRoute.AnonymousPolicy, StringComparison.OrdinalIgnoreCase))
        {
            return ProxyRoute.AnonymousPolicy;
        }

        if (policies is not null && policies.GetPolicyAsync(policy).GetAwaiter().GetResult() is null)
        {
            throw new ProxyConfigException($"{key}: no authorization policy named '{policy}' is registered.");
        }

        return policy;
    }

    private ClusterState BuildCluster(string clusterId, ClusterConfig cluster, ClusterState? previous)
    {
        var key = $"{SectionName}:Clusters:{clusterId}";
        var loadBalancing = cluster.LoadBalancingPolicy switch
        {
            null or "" => LoadBalancingPolicy.RoundRobin,
            var p when p.Equals("RoundRobin", StringComparison.OrdinalIgnoreCase) => LoadBalancingPolicy.RoundRobin,
            var p when p.Equals("PowerOfTwoChoices", StringComparison.OrdinalIgnoreCase) => LoadBalancingPolicy.PowerOfTwoChoices,
            var p => throw new ProxyConfigException($"{key}:LoadBalancingPolicy: '{p}' is not supported; use RoundRobin or PowerOfTwoChoices."),
        };

        var panic = cluster.HealthCheck?.AvailableDestinationsPolicy switch
        {
            null or "" => false,
            var p when p.Equals("HealthyAndUnknown", StringComparison.OrdinalIgnoreCase) => false,
            var p when p.Equals("HealthyOrPanic", StringComparison.OrdinalIgnoreCase) => true,
            var p => throw new ProxyConfigException($"{key}:HealthCheck:AvailableDestinationsPolicy: '{p}' is not supported; use HealthyAndUnknown or HealthyOrPanic."),
        };

        var activityTimeout = cluster.HttpRequest?.ActivityTimeout ?? DefaultActivityTimeout;
        if (activityTimeout <= TimeSpan.Zero)
        {
            throw new ProxyConfigException($"{key}:HttpRequest:ActivityTimeout must be positive.");
        }

        var (version, versionPolicy) = BuildVersion(cluster.HttpRequest, $"{key}:HttpRequest");
        var settings = new ClusterSettings(loadBalancing, panic, BuildActiveHealth(cluster, key), activityTimeout, version, versionPolicy);

        if (cluster.Destinations.Count == 0)
        {
            throw new ProxyConfigException($"{key}:Destinations: at least one destination is required.");
        }

        var destinations = new List<DestinationState>();
        foreach (var (name, destination) in cluster.Destinations)
        {
            var destinationKey = $"{key}:Destinations:{name}";
            if (string.IsNullOrWhiteSpace(destination.Address))
            {
                throw new ProxyConfigException($"{destinationKey}:Address is required.");
            }

            if (destination.Health is not null && !Uri.TryCreate(destination.Health, UriKind.Absolute, out _))
            {
                throw new ProxyConfigException($"{destinationKey}:Health: '{destination.Health}' is not an absolute URL.");
            }

            var endpoints = ServiceEndpoints.Resolve(configuration, destination.Address, $"{destinationKey}:Address");
            if (endpoints.Count == 0)
            {
                GatewayLog.DestinationUnresolved(logger, clusterId, name, destination.Address);
            }

            foreach (var endpoint in endpoints)
            {
                // A literal destination may name its own probe URL; replicas found by discovery are
                // probed at their own address.
                var health = endpoint.Suffix.Length == 0 ? destination.Health : null;
                destinations.Add(Reuse(previous, name + endpoint.Suffix, endpoint.Address, health));
            }
        }

        if (settings.ActiveHealth is null)
        {
            // Without probing nothing would ever bring back a destination marked down earlier.
            destinations.ForEach(d => d.ResetHealth());
        }

        return new ClusterState(clusterId, settings, destinations);
    }

    private static (Version Version, HttpVersionPolicy Policy) BuildVersion(ForwarderRequestConfig? request, string key)
    {
        var version = request?.Version switch
        {
            null or "" => ClusterSettings.DefaultVersion,
            "1.0" => System.Net.HttpVersion.Version10,
            "1.1" => System.Net.HttpVersion.Version11,
            "2" or "2.0" => System.Net.HttpVersion.Version20,
            var v => throw new ProxyConfigException($"{key}:Version: '{v}' is not supported; use 1.0, 1.1 or 2."),
        };
        var policy = request?.VersionPolicy switch
        {
            null or "" => HttpVersionPolicy.RequestVersionOrLower,
            var p when p.Equals(nameof(HttpVersionPolicy.RequestVersionOrLower), StringComparison.OrdinalIgnoreCase) => HttpVersionPolicy.RequestVersionOrLower,
            var p when p.Equals(nameof(HttpVersionPolicy.RequestVersionOrHigher), StringComparison.OrdinalIgnoreCase) => HttpVersionPolicy.RequestVersionOrHigher,
            var p when p.Equals(nameof(HttpVersionPolicy.RequestVersionExact), StringComparison.OrdinalIgnoreCase) => HttpVersionPolicy.RequestVersionExact,
            var p => throw new ProxyConfigException(
                $"{key}:VersionPolicy: '{p}' is not supported; use RequestVersionOrLower, RequestVersionOrHigher or RequestVersionExact."),
        };
        return (version, policy);
    }

    private static ActiveHealthSettings? BuildActiveHealth(ClusterConfig cluster, string key)
    {
        var active = cluster.HealthCheck?.Active;
        if (active?.Enabled != true)
        {
            return null;
        }

        var activeKey = $"{key}:HealthCheck:Active";
        if (active.Policy is { Length: > 0 } policy && !policy.Equals("ConsecutiveFailures", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProxyConfigException($"{activeKey}:Policy: '{policy}' is not supported; use ConsecutiveFailures.");
        }

        var interval = active.Interval ?? DefaultInterval;
        var timeout = active.Timeout ?? DefaultProbeTimeout;
        if (interval <= TimeSpan.Zero || timeout <= TimeSpan.Zero)
        {
            throw new ProxyConfigException($"{activeKey}: Interval and Timeout must be positive.");
        }

        var threshold = active.Threshold;
        if (threshold is null && cluster.Metadata.TryGetValue("ConsecutiveFailuresHealthPolicy.Threshold", out var fromMetadata))
        {
            threshold = int.TryParse(fromMetadata, out var parsed)
                ? parsed
                : throw new ProxyConfigException($"{key}:Metadata:ConsecutiveFailuresHealthPolicy.Threshold must be a whole number.");
        }

        if (threshold is < 1)
        {
            throw new ProxyConfigException($"{activeKey}:Threshold must be at least 1.");
        }

        var path = string.IsNullOrEmpty(active.Path) ? "/" : active.Path;
        if (!path.StartsWith('/'))
        {
            throw new ProxyConfigException($"{activeKey}:Path must start with '/'.");
        }

        return new ActiveHealthSettings(interval, timeout, path, threshold ?? DefaultThreshold);
    }

    private static DestinationState Reuse(ClusterState? previous, string id, string address, string? health)
    {
        var existing = previous?.Destinations.FirstOrDefault(d =>
            d.Id == id && d.Address == address.TrimEnd('/') && d.HealthAddress == health?.TrimEnd('/'));
        return existing ?? new DestinationState(id, address, health);
    }
}
