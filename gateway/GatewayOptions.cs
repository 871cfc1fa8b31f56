using Microsoft.Extensions.Options;

namespace Platform.Gateway;

/// <summary>The <c>Gateway</c> configuration section: the edge's own settings (routing lives under <c>ReverseProxy</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Default request body limit for routes without their own <c>MaxRequestBodySize</c>; -1 = none.</summary>
    public long MaxRequestBodySize { get; set; } = 10 * 1024 * 1024;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Folder of the built portal; relative paths are under the content root. Default: the web root.</summary>
    public string? PortalRoot { get; set; }

    /// <summary>
    /// Run request processing on Kestrel's I/O threads instead of handing each read to the thread pool
    /// (Kestrel's <c>UnsafePreferInlineScheduling</c>). Right for a proxy, whose work per request is a few
    /// microseconds between awaits and never blocks; it saves a thread switch per read (bench/gateway.sh).
    /// Turn it off if something that blocks is ever added to the gateway.
    /// </summary>
    public bool InlineScheduling { get; set; } = true;
}

public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per window per authenticated user (<c>sub</c>).</summary>
    public int PerUser { get; set; } = 600;

    /// <summary>Requests per window per client IP, for requests without a user.</summary>
    public int PerIp { get; set; } = 1200;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Prefix of the Redis keys; gateways that must share one limit use the same prefix.</summary>
    public string KeyPrefix { get; set; } = "gateway:ratelimit:";

    /// <summary>How long a request waits for Redis before counting locally instead.</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(500);
}

internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        if (options.MaxRequestBodySize < -1)
        {
            errors.Add("Gateway:MaxRequestBodySize must be -1 (no limit) or a size in bytes.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add("Gateway:ConnectTimeout must be positive.");
        }

        var limits = options.RateLimits;
        if (limits.PerUser < 1 || limits.PerIp < 1)
        {
            errors.Add("Gateway:RateLimits:PerUser and Gateway:RateLimits:PerIp must be at least 1.");
        }

        if (limits.Window < TimeSpan.FromSeconds(1))
        {
            errors.Add("Gateway:RateLimits:Window must be at least one second.");
        }

        if (limits.RedisTimeout <= TimeSpan.Zero)
        {
            errors.Add("Gateway:RateLimits:RedisTimeout must be positive.");
        }

        if (string.IsNullOrWhiteSpace(limits.KeyPrefix))
        {
            errors.Add("Gateway:RateLimits:KeyPrefix must not be empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
