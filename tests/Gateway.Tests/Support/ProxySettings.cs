namespace Platform.Gateway.Tests.Support;

/// <summary>Gateway configuration for one test, written as the flat keys the AppHost would inject.</summary>
internal sealed class ProxySettings : Dictionary<string, string?>
{
    public const string Audience = "projects";

    public ProxySettings()
        : base(StringComparer.OrdinalIgnoreCase)
    {
        // Tests without tokens never fetch discovery; port 9 (discard) is never served on loopback.
        this["Identity:Url"] = "http://127.0.0.1:9";
        this["Identity:Audiences:0"] = Audience;
        this["Identity:Audiences:1"] = "targets";
        this["Gateway:RateLimits:Enabled"] = "false";
    }

    public ProxySettings Route(string id, string path, string cluster, string policy = "anonymous", int? order = null, string[]? methods = null)
    {
        var key = $"ReverseProxy:Routes:{id}";
        this[$"{key}:ClusterId"] = cluster;
        this[$"{key}:Match:Path"] = path;
        this[$"{key}:AuthorizationPolicy"] = policy;
        if (order is not null)
        {
            this[$"{key}:Order"] = order.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        for (var i = 0; i < (methods?.Length ?? 0); i++)
        {
            this[$"{key}:Match:Methods:{i}"] = methods![i];
        }

        return this;
    }

    public ProxySettings Transform(string routeId, int index, params (string Key, string Value)[] entries)
    {
        foreach (var (key, value) in entries)
        {
            this[$"ReverseProxy:Routes:{routeId}:Transforms:{index}:{key}"] = value;
        }

        return this;
    }

    /// <summary>A cluster with destinations named d0, d1, … in the given order.</summary>
    public ProxySettings Cluster(string id, params string[] addresses)
    {
        for (var i = 0; i < addresses.Length; i++)
        {
            Destination(id, $"d{i}", addresses[i]);
        }

        return this;
    }

    public ProxySettings Destination(string cluster, string name, string address)
    {
        this[$"ReverseProxy:Clusters:{cluster}:Destinations:{name}:Address"] = address;
        return this;
    }

    public ProxySettings ActiveHealth(string cluster, string interval = "00:00:00.100", int threshold = 1, string path = "/health")
    {
        var key = $"ReverseProxy:Clusters:{cluster}:HealthCheck:Active";
        this[$"{key}:Enabled"] = "true";
        this[$"{key}:Interval"] = interval;
        this[$"{key}:Timeout"] = "00:00:01";
        this[$"{key}:Threshold"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
        this[$"{key}:Path"] = path;
        return this;
    }

    public ProxySettings With(string key, string? value)
    {
        this[key] = value;
        return this;
    }

    /// <summary>A single anonymous catch-all route to one cluster: the common case.</summary>
    public static ProxySettings To(params string[] addresses) =>
        new ProxySettings().Route("all", "/api/{**catch-all}", "backend").Cluster("backend", addresses);
}
