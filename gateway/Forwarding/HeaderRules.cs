using System.Collections.Frozen;

namespace Platform.Gateway.Forwarding;

/// <summary>Which headers cross the gateway, following YARP's <c>RequestUtilities</c>.</summary>
internal static class HeaderRules
{
    // Hop-by-hop and connection-specific headers describe one TCP/HTTP hop, so forwarding them would
    // either break the next hop (Transfer-Encoding, Upgrade) or leak proxy credentials.
    private static readonly FrozenSet<string> HopByHop = new[]
    {
        "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade", "Proxy-Connection",
        "Proxy-Authenticate", "Proxy-Authentication-Info", "Proxy-Authorization", "Proxy-Features",
        "Proxy-Instruction", "Security-Scheme", "ALPN", "Close", "HTTP2-Settings",
        "Upgrade-Insecure-Requests", "TE", "Alt-Svc",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // The outgoing propagator writes these from the current Activity, which already has the incoming
    // context as its parent; copying them too would send two, possibly conflicting, trace parents.
    private static readonly FrozenSet<string> TraceHeaders = new[]
    {
        "traceparent", "tracestate", "baggage", "Request-Id", "Correlation-Context",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True for a request header the forwarder must not copy as is.</summary>
    public static bool SkipRequestHeader(string name, bool propagatorEmitsTrace)
    {
        if (HopByHop.Contains(name) || string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // The gateway is the edge: whatever forwarding information a client sends is untrusted, so it is
        // dropped and the gateway's own X-Forwarded-* values are set instead.
        if (name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "Forwarded", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return propagatorEmitsTrace && TraceHeaders.Contains(name);
    }

    public static bool SkipResponseHeader(string name) => HopByHop.Contains(name);

    /// <summary><c>TE: trailers</c> is the one TE value that is end-to-end (gRPC needs it).</summary>
    public static bool IsTe(string name) => string.Equals(name, "TE", StringComparison.OrdinalIgnoreCase);
}
