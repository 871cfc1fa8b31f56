using Platform.ServiceDefaults.Hosting;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// Where tokens come from and whom they must be for: <c>Identity:Url</c> (the OIDC authority) and either
/// <c>Identity:Audience</c> (a service's own resource name) or the list <c>Identity:Audiences:0..n</c> (the gateway).
/// </summary>
public sealed record IdentitySettings(Uri Authority, IReadOnlyList<string> Audiences, bool RequireHttpsMetadata)
{
    public const string UrlKey = "Identity:Url";
    public const string AudienceKey = "Identity:Audience";
    public const string AudiencesKey = "Identity:Audiences";
    public const string RequireHttpsMetadataKey = "Identity:RequireHttpsMetadata";

    /// <exception cref="StartupRefusedException">A required setting is missing or malformed.</exception>
    public static IdentitySettings From(IConfiguration configuration)
    {
        var url = RequiredSettings.Get(configuration, UrlKey);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var authority) || authority.Scheme is not ("http" or "https"))
        {
            throw new StartupRefusedException($"Setting '{UrlKey}' must be an absolute http(s) URL, e.g. https://sso.example.gov.cn; it is '{url}'.");
        }
        var audiences = configuration.GetSection(AudiencesKey).GetChildren()
            .Select(child => child.Value)
            .Append(configuration[AudienceKey])
            .Where(value => !string.IsNullOrWhiteSpace(value))
            .Select(value => value!.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (audiences.Length == 0)
        {
            throw new StartupRefusedException(
                $"Missing required setting '{AudienceKey}' (environment variable Identity__Audience: the service's resource name, e.g. projects); the gateway sets '{AudiencesKey}:0..n' instead.");
        }
        // Plain http is only acceptable when the identity provider is on this machine.
        var requireHttps = configuration.GetValue<bool?>(RequireHttpsMetadataKey)
            ?? !(authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback);
        return new IdentitySettings(authority, audiences, requireHttps);
    }
}
