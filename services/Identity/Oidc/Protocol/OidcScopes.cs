using Platform.ServiceDefaults;

namespace Platform.Identity.Oidc.Protocol;

/// <summary>
/// The scopes the provider knows: the OpenID Connect ones and one API scope per service, named like the service's
/// resource (which is also the access token's audience for it).
/// </summary>
public static class OidcScopes
{
    public const string OpenId = "openid";
    public const string Profile = "profile";
    public const string OfflineAccess = "offline_access";

    public static readonly IReadOnlyList<string> IdentityScopes = [OpenId, Profile, OfflineAccess];

    public static readonly IReadOnlyList<string> ApiScopes =
        [.. ResourceNames.Services.Select(service => service.Service)];

    public static readonly IReadOnlyList<string> All = [.. IdentityScopes, .. ApiScopes];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    public static bool IsApiScope(string scope) => ApiScopes.Contains(scope, StringComparer.Ordinal);

    /// <summary>Splits a space-separated <c>scope</c> parameter; order kept, duplicates dropped.</summary>
    public static IReadOnlyList<string> Parse(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : [.. value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];

    public static string Join(IEnumerable<string> scopes) => string.Join(' ', scopes);
}
