namespace Platform.Gateway.Forwarding;

// The `ReverseProxy` configuration section, in YARP's schema and with YARP's names, so that moving to
// Yarp.ReverseProxy later is a package swap rather than a configuration rewrite. Only the parts the
// platform uses are modelled; unknown keys are ignored like YARP ignores them. Shape:
// ReverseProxy:Routes:{routeId} is a RouteConfig, ReverseProxy:Clusters:{clusterId} a ClusterConfig.

public sealed class RouteConfig
{
    public string? ClusterId { get; set; }

    public int? Order { get; set; }

    public RouteMatch? Match { get; set; }

    /// <summary>"default" (authenticated user), "anonymous", or a named authorization policy.</summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>"disable" turns the gateway's rate limits off for this route; anything else keeps them.</summary>
    public string? RateLimiterPolicy { get; set; }

    /// <summary>Bytes; -1 removes the limit; unset uses <c>Gateway:MaxRequestBodySize</c>.</summary>
    public long? MaxRequestBodySize { get; set; }

    public List<Dictionary<string, string>> Transforms { get; set; } = [];
}

public sealed class RouteMatch
{
    public string? Path { get; set; }

    public List<string>? Methods { get; set; }

    public List<string>? Hosts { get; set; }
}

public sealed class ClusterConfig
{
    /// <summary>"RoundRobin" (default) or "PowerOfTwoChoices".</summary>
    public string? LoadBalancingPolicy { get; set; }

    public HealthCheckConfig? HealthCheck { get; set; }

    public ForwarderRequestConfig? HttpRequest { get; set; }

    public Dictionary<string, DestinationConfig> Destinations { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class DestinationConfig
{
    public string? Address { get; set; }

    public string? Health { get; set; }
}

public sealed class HealthCheckConfig
{
    public ActiveHealthCheckConfig? Active { get; set; }

    /// <summary>"HealthyAndUnknown" (default here) or "HealthyOrPanic".</summary>
    public string? AvailableDestinationsPolicy { get; set; }
}

public sealed class ActiveHealthCheckConfig
{
    public bool? Enabled { get; set; }

    public TimeSpan? Interval { get; set; }

    public TimeSpan? Timeout { get; set; }

    /// <summary>Only "ConsecutiveFailures" exists, as in YARP.</summary>
    public string? Policy { get; set; }

    public string? Path { get; set; }

    /// <summary>Consecutive failed probes before a destination is taken out. YARP keeps this in cluster
    /// metadata <c>ConsecutiveFailuresHealthPolicy.Threshold</c>, which is honoured too.</summary>
    public int? Threshold { get; set; }
}

public sealed class ForwarderRequestConfig
{
    public TimeSpan? ActivityTimeout { get; set; }

    /// <summary>The HTTP version asked of the destination: 1.0, 1.1 or 2 (YARP's default: 2).</summary>
    public string? Version { get; set; }

    /// <summary>RequestVersionOrLower (default), RequestVersionOrHigher or RequestVersionExact. Over plain http,
    /// version 2 with RequestVersionExact speaks HTTP/2 with prior knowledge (h2c).</summary>
    public string? VersionPolicy { get; set; }
}
