using System.Security.Cryptography;
using System.Text;

namespace Platform.Identity.Oidc.Clients;

/// <summary>
/// A client registered in configuration (<c>Identity:Clients:&lt;id&gt;</c>). Only the SHA-256 hash of a confidential
/// client's secret is kept: secrets are long random strings, so a fast hash is enough and keeps client-credentials
/// requests cheap.
/// </summary>
public sealed class OidcClient
{
    private readonly byte[]? _secretHash;

    public OidcClient(
        string id,
        string displayName,
        bool isConfidential,
        string? secret,
        IReadOnlySet<string> allowedGrantTypes,
        IReadOnlySet<string> allowedScopes,
        IReadOnlySet<string> redirectUris,
        IReadOnlySet<string> postLogoutRedirectUris,
        IReadOnlySet<string> allowedCorsOrigins)
    {
        Id = id;
        DisplayName = displayName;
        IsConfidential = isConfidential;
        _secretHash = secret is null ? null : Hash(secret);
        AllowedGrantTypes = allowedGrantTypes;
        AllowedScopes = allowedScopes;
        RedirectUris = redirectUris;
        PostLogoutRedirectUris = postLogoutRedirectUris;
        AllowedCorsOrigins = allowedCorsOrigins;
    }

    public string Id { get; }

    public string DisplayName { get; }

    /// <summary>Confidential clients authenticate with their secret; public ones (the portal) send only their id.</summary>
    public bool IsConfidential { get; }

    public IReadOnlySet<string> AllowedGrantTypes { get; }

    public IReadOnlySet<string> AllowedScopes { get; }

    /// <summary>Absolute redirect URIs, compared with the request's by exact, ordinal match.</summary>
    public IReadOnlySet<string> RedirectUris { get; }

    public IReadOnlySet<string> PostLogoutRedirectUris { get; }

    /// <summary>Origins (<c>scheme://host[:port]</c>) whose browsers may call the provider's JSON endpoints.</summary>
    public IReadOnlySet<string> AllowedCorsOrigins { get; }

    public bool AllowsGrant(string grantType) => AllowedGrantTypes.Contains(grantType);

    /// <summary>Compares in fixed time so the comparison does not reveal how much of a guess was right.</summary>
    public bool SecretMatches(string presented) =>
        _secretHash is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _secretHash);

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}

/// <summary>The grant types the provider implements.</summary>
public static class GrantTypes
{
    public const string AuthorizationCode = "authorization_code";
    public const string RefreshToken = "refresh_token";
    public const string ClientCredentials = "client_credentials";

    public static readonly IReadOnlyList<string> All = [AuthorizationCode, RefreshToken, ClientCredentials];
}
