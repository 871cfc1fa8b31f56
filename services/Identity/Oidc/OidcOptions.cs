using System.Globalization;
using Platform.ServiceDefaults.Hosting;

namespace Platform.Identity.Oidc;

/// <summary>
/// The provider's settings, read and checked once at start (a bad value refuses the start, naming the key):
/// <c>Identity:Issuer</c>, <c>Identity:Tokens:*</c>, <c>Identity:Keys:*</c>, <c>Identity:Session:*</c> and
/// <c>Identity:RateLimits:*</c>. Durations are <see cref="TimeSpan"/> strings (<c>00:10:00</c>, <c>90.00:00:00</c>).
/// </summary>
public sealed record OidcOptions
{
    public const string IssuerKey = "Identity:Issuer";

    /// <summary>The issuer (<c>iss</c>), the gateway's public URL without a trailing slash; endpoint URLs hang off it.</summary>
    public required string Issuer { get; init; }

    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan IdentityTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan AuthorizationCodeLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A refresh token unused for this long expires; each use moves it forward, up to the absolute lifetime.</summary>
    public TimeSpan RefreshSlidingLifetime { get; init; } = TimeSpan.FromDays(14);

    public TimeSpan RefreshAbsoluteLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long after its first use a refresh token is still honoured (concurrent refreshes of one client).</summary>
    public TimeSpan RefreshReuseGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a signing key signs before its successor takes over.</summary>
    public TimeSpan KeyRotationInterval { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How long a new key is published in the JWKS before it signs anything.</summary>
    public TimeSpan KeyPropagationTime { get; init; } = TimeSpan.FromDays(14);

    /// <summary>How long a retired key stays in the JWKS so tokens it signed still validate.</summary>
    public TimeSpan KeyRetentionDuration { get; init; } = TimeSpan.FromDays(14);

    /// <summary>How often a replica checks whether the next key is due (and once at start).</summary>
    public TimeSpan KeyCheckInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a replica keeps the key set in memory before reading it again.</summary>
    public TimeSpan KeyCacheDuration { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(10);

    /// <summary>Lifetime of the cookie holding a half-finished sign-in (password accepted, second step pending).</summary>
    public TimeSpan PartialLoginLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Login form posts per client address and minute (offices share one address behind NAT).</summary>
    public int LoginPerMinute { get; init; } = 30;

    /// <summary>Login form posts per user name and minute, whatever the address.</summary>
    public int LoginPerUserPerMinute { get; init; } = 10;

    /// <summary>Token requests per second of one confidential client from one address (service-to-service calls).</summary>
    public int TokenPerSecond { get; init; } = 2000;

    /// <summary>Token requests per minute of one public client (the portal) from one address.</summary>
    public int PublicTokenPerMinute { get; init; } = 120;

    public Uri IssuerUri => new(Issuer);

    public string Endpoint(string path) => Issuer + path;

    /// <exception cref="StartupRefusedException">A setting is missing or out of its range.</exception>
    public static OidcOptions From(IConfiguration configuration)
    {
        var defaults = new OidcOptions { Issuer = "http://localhost" };
        var options = new OidcOptions
        {
            Issuer = ReadIssuer(configuration),
            AccessTokenLifetime = Duration(configuration, "Identity:Tokens:AccessTokenLifetime", defaults.AccessTokenLifetime),
            IdentityTokenLifetime = Duration(configuration, "Identity:Tokens:IdentityTokenLifetime", defaults.IdentityTokenLifetime),
            AuthorizationCodeLifetime = Duration(configuration, "Identity:Tokens:AuthorizationCodeLifetime", defaults.AuthorizationCodeLifetime),
            RefreshSlidingLifetime = Duration(configuration, "Identity:Tokens:RefreshSlidingLifetime", defaults.RefreshSlidingLifetime),
            RefreshAbsoluteLifetime = Duration(configuration, "Identity:Tokens:RefreshAbsoluteLifetime", defaults.RefreshAbsoluteLifetime),
            RefreshReuseGrace = Duration(configuration, "Identity:Tokens:RefreshReuseGrace", defaults.RefreshReuseGrace),
            KeyRotationInterval = Duration(configuration, "Identity:Keys:RotationInterval", defaults.KeyRotationInterval),
            KeyPropagationTime = Duration(configuration, "Identity:Keys:PropagationTime", defaults.KeyPropagationTime),
            KeyRetentionDuration = Duration(configuration, "Identity:Keys:RetentionDuration", defaults.KeyRetentionDuration),
            KeyCheckInterval = Duration(configuration, "Identity:Keys:CheckInterval", defaults.KeyCheckInterval),
            KeyCacheDuration = Duration(configuration, "Identity:Keys:CacheDuration", defaults.KeyCacheDuration),
            SessionLifetime = Duration(configuration, "Identity:Session:Lifetime", defaults.SessionLifetime),
            PartialLoginLifetime = Duration(configuration, "Identity:Session:PartialLoginLifetime", defaults.PartialLoginLifetime),
            LoginPerMinute = Count(configuration, "Identity:RateLimits:LoginPerMinute", defaults.LoginPerMinute),
            LoginPerUserPerMinute = Count(configuration, "Identity:RateLimits:LoginPerUserPerMinute", defaults.LoginPerUserPerMinute),
            TokenPerSecond = Count(configuration, "Identity:RateLimits:TokenPerSecond", defaults.TokenPerSecond),
            PublicTokenPerMinute = Count(configuration, "Identity:RateLimits:PublicTokenPerMinute", defaults.PublicTokenPerMinute),
        };
        options.Validate();
        return options;
    }

    private void Validate()
    {
        Require(AccessTokenLifetime >= TimeSpan.FromMinutes(5) && AccessTokenLifetime <= TimeSpan.FromMinutes(15),
            "Identity:Tokens:AccessTokenLifetime", "between 00:05:00 and 00:15:00");
        Require(IdentityTokenLifetime > TimeSpan.Zero && IdentityTokenLifetime <= TimeSpan.FromMinutes(15),
            "Identity:Tokens:IdentityTokenLifetime", "positive and at most 00:15:00");
        Require(AuthorizationCodeLifetime > TimeSpan.Zero && AuthorizationCodeLifetime <= TimeSpan.FromMinutes(5),
            "Identity:Tokens:AuthorizationCodeLifetime", "positive and at most 00:05:00");
        Require(RefreshSlidingLifetime > TimeSpan.Zero && RefreshSlidingLifetime <= RefreshAbsoluteLifetime,
            "Identity:Tokens:RefreshSlidingLifetime", "positive and at most Identity:Tokens:RefreshAbsoluteLifetime");
        Require(RefreshReuseGrace >= TimeSpan.Zero && RefreshReuseGrace <= TimeSpan.FromMinutes(1),
            "Identity:Tokens:RefreshReuseGrace", "between 00:00:00 and 00:01:00");
        Require(KeyCacheDuration >= TimeSpan.Zero && KeyCacheDuration < KeyPropagationTime,
            "Identity:Keys:CacheDuration", "shorter than Identity:Keys:PropagationTime (a replica must see a new key before it signs)");
        Require(KeyPropagationTime < KeyRotationInterval,
            "Identity:Keys:PropagationTime", "shorter than Identity:Keys:RotationInterval");
        Require(KeyRetentionDuration >= AccessTokenLifetime + KeyCacheDuration && KeyRetentionDuration >= IdentityTokenLifetime + KeyCacheDuration,
            "Identity:Keys:RetentionDuration", "at least the token lifetimes plus Identity:Keys:CacheDuration (tokens a retired key signed must still validate)");
        Require(KeyCheckInterval > TimeSpan.Zero, "Identity:Keys:CheckInterval", "positive");
        Require(SessionLifetime > TimeSpan.Zero, "Identity:Session:Lifetime", "positive");
        Require(PartialLoginLifetime > TimeSpan.Zero && PartialLoginLifetime <= TimeSpan.FromHours(1),
            "Identity:Session:PartialLoginLifetime", "positive and at most 01:00:00");
    }

    private static string ReadIssuer(IConfiguration configuration)
    {
        var issuer = RequiredSettings.Get(configuration, IssuerKey);
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || issuer.EndsWith('/') || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new StartupRefusedException(
                $"Setting '{IssuerKey}' must be the gateway's public URL, absolute http(s) without a trailing slash, query or fragment (e.g. https://jx.czt.example.gov.cn); it is '{issuer}'.");
        }
        return issuer;
    }

    private static TimeSpan Duration(IConfiguration configuration, string key, TimeSpan fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value))
        {
            throw new StartupRefusedException($"Setting '{key}' must be a duration such as 00:10:00 or 14.00:00:00; it is '{text}'.");
        }
        return value;
    }

    private static int Count(IConfiguration configuration, string key, int fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw new StartupRefusedException($"Setting '{key}' must be a positive whole number; it is '{text}'.");
        }
        return value;
    }

    private static void Require(bool rule, string key, string expected)
    {
        if (!rule)
        {
            throw new StartupRefusedException($"Setting '{key}' must be {expected}.");
        }
    }
}
