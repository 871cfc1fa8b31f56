using Microsoft.AspNetCore.Routing.Patterns;

namespace Platform.Gateway.Forwarding;

/// <summary>A validated route, also attached as endpoint metadata so edge middleware can see it.</summary>
public sealed record ProxyRoute(
    string RouteId,
    ClusterState Cluster,
    RoutePattern Pattern,
    int Order,
    IReadOnlyList<string>? Methods,
    IReadOnlyList<string>? Hosts,
    string AuthorizationPolicy,
    bool RateLimited,
    long? MaxRequestBodySize,
    RequestTransforms Transforms)
{
    public const string DefaultPolicy = "default";
    public const string AnonymousPolicy = "anonymous";
}

/// <summary>One consistent generation of routes and clusters; replaced as a whole on reload.</summary>
public sealed record ProxySnapshot(IReadOnlyList<ProxyRoute> Routes, IReadOnlyDictionary<string, ClusterState> Clusters)
{
    public static readonly ProxySnapshot Empty = new([], new Dictionary<string, ClusterState>());
}
