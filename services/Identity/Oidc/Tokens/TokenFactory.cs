using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Contracts.Identity;
using Platform.Identity.Oidc.Keys;
using Platform.Identity.Oidc.Protocol;

namespace Platform.Identity.Oidc.Tokens;

/// <summary>An issued JWT with its id and end.</summary>
public sealed record IssuedToken(string Value, string Jti, DateTimeOffset ExpiresAt);

/// <summary>The user side of a grant: who, which SSO session, when and how they authenticated.</summary>
public sealed record UserGrant(UserClaims User, string? SessionId, DateTimeOffset AuthTime, string Amr);

/// <summary>
/// Signs access tokens (RFC 9068: <c>typ at+jwt</c>, <c>aud</c> = the API scopes granted) and ID tokens
/// (<c>typ JWT</c>, <c>aud</c> = the client) with the current signing key, RS256.
/// </summary>
public sealed class TokenFactory(SigningKeyStore keys, OidcOptions options, TimeProvider time)
{
    public const string AccessTokenType = "at+jwt";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// <paramref name="user"/> null: a client-credentials token, whose subject is the client. Without any API scope the
    /// audience is the client itself (a token only good for userinfo).
    /// </summary>
    public async ValueTask<IssuedToken> CreateAccessTokenAsync(string clientId, IReadOnlyList<string> scopes, UserGrant? user, CancellationToken cancellationToken)
    {
        var key = await keys.GetSigningKeyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var expiresAt = now + options.AccessTokenLifetime;
        var jti = Secrets.NewHandle(16);
        var audiences = scopes.Where(OidcScopes.IsApiScope).ToArray();
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user?.User.Subject ?? clientId,
            [JwtRegisteredClaimNames.Aud] = audiences.Length switch { 0 => clientId, 1 => audiences[0], _ => audiences },
            [PlatformClaims.ClientId] = clientId,
            [PlatformClaims.Scope] = OidcScopes.Join(scopes),
            [JwtRegisteredClaimNames.Jti] = jti,
        };
        if (user is not null)
        {
            user.User.AddProfileTo(claims);
            AddSession(claims, user);
        }
        return new IssuedToken(Sign(key, AccessTokenType, claims, now, expiresAt), jti, expiresAt);
    }

    /// <summary>An ID token for <paramref name="clientId"/>; profile claims only when the <c>profile</c> scope was granted.</summary>
    public async ValueTask<string> CreateIdentityTokenAsync(
        string clientId, IReadOnlyList<string> scopes, UserGrant user, string? nonce, string accessToken, CancellationToken cancellationToken)
    {
        var key = await keys.GetSigningKeyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user.User.Subject,
            [JwtRegisteredClaimNames.Aud] = clientId,
            ["at_hash"] = AccessTokenHash(accessToken),
            ["amr"] = user.Amr.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        };
        if (nonce is not null)
        {
            claims[JwtRegisteredClaimNames.Nonce] = nonce;
        }
        if (scopes.Contains(OidcScopes.Profile))
        {
            user.User.AddProfileTo(claims);
        }
        AddSession(claims, user);
        return Sign(key, null, claims, now, now + options.IdentityTokenLifetime);
    }

    /// <summary>OIDC Core §3.1.3.6: base64url of the left half of the SHA-256 of the access token's ASCII.</summary>
    public static string AccessTokenHash(string accessToken)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(accessToken));
        return Base64UrlEncoder.Encode(hash, 0, hash.Length / 2);
    }

    private static void AddSession(Dictionary<string, object> claims, UserGrant user)
    {
        if (user.SessionId is not null)
        {
            claims[PlatformClaims.SessionId] = user.SessionId;
        }
        claims[PlatformClaims.AuthTime] = user.AuthTime.ToUnixTimeSeconds();
    }

    private string Sign(SigningKey key, string? type, Dictionary<string, object> claims, DateTimeOffset now, DateTimeOffset expiresAt) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            TokenType = type,
            Claims = claims,
            SigningCredentials = key.Credentials,
        });
}
