using Platform.Gateway.Forwarding;

namespace Platform.Gateway;

/// <summary>The gateway's log events. Addresses appear here (operators need them), never in responses.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1, LogLevel.Warning, "Route {RouteId}: cluster {ClusterId} has no available destination")]
    public static partial void NoHealthyDestination(ILogger logger, string routeId, string clusterId);

    [LoggerMessage(2, LogLevel.Warning, "Route {RouteId}: {DestinationId} ({Address}) failed before answering")]
    public static partial void ConnectFailed(ILogger logger, string routeId, string destinationId, string address, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "Route {RouteId}: retrying on {NextDestinationId} after {DestinationId} failed before answering")]
    public static partial void Retrying(ILogger logger, string routeId, string destinationId, string nextDestinationId);

    [LoggerMessage(4, LogLevel.Warning, "Route {RouteId}: {DestinationId} ({Address}) made no progress within the activity timeout")]
    public static partial void UpstreamTimedOut(ILogger logger, string routeId, string destinationId, string address);

    [LoggerMessage(5, LogLevel.Warning, "Route {RouteId}: sending to {DestinationId} ({Address}) failed")]
    public static partial void UpstreamFailed(ILogger logger, string routeId, string destinationId, string address, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Route {RouteId}: reading the response of {DestinationId} ({Address}) failed")]
    public static partial void ResponseFailed(ILogger logger, string routeId, string destinationId, string address, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "Cluster {ClusterId}: destination {DestinationId} ({Address}) names a service with no endpoint under services:<name>:<scheme>; it gets no traffic")]
    public static partial void DestinationUnresolved(ILogger logger, string clusterId, string destinationId, string address);

    [LoggerMessage(8, LogLevel.Information, "Cluster {ClusterId}: destination {DestinationId} ({Address}) is now {Health}")]
    public static partial void DestinationHealthChanged(ILogger logger, string clusterId, string destinationId, string address, DestinationHealth health);

    [LoggerMessage(9, LogLevel.Information, "Reverse proxy configuration reloaded: {RouteCount} routes, {ClusterCount} clusters")]
    public static partial void ConfigReloaded(ILogger logger, int routeCount, int clusterCount);

    [LoggerMessage(10, LogLevel.Error, "Reverse proxy configuration change rejected, the previous configuration stays in use: {Reason}")]
    public static partial void ConfigReloadRejected(ILogger logger, string reason);

    [LoggerMessage(11, LogLevel.Warning, "Redis is unavailable for rate limiting; each gateway instance counts on its own until it returns")]
    public static partial void RateLimitRedisDown(ILogger logger, Exception? exception);

    [LoggerMessage(12, LogLevel.Information, "Redis is back; rate limits are shared across gateway instances again")]
    public static partial void RateLimitRedisRestored(ILogger logger);

    [LoggerMessage(13, LogLevel.Warning, "No Redis connection string (ConnectionStrings:redis); rate limits are counted per gateway instance")]
    public static partial void RateLimitNoRedis(ILogger logger);

    [LoggerMessage(14, LogLevel.Warning, "The portal is not built (no index.html under {Root}); '/' answers 503 until it is")]
    public static partial void PortalMissing(ILogger logger, string root);

    [LoggerMessage(15, LogLevel.Error, "Route {RouteId}: the request failed in the gateway")]
    public static partial void ProxyFailed(ILogger logger, string routeId, Exception exception);
}
