using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Oidc.Keys;

namespace Platform.Identity.Oidc.Tokens;

/// <summary>
/// Validates tokens this provider issued (for userinfo, introspection, revocation and <c>id_token_hint</c>): RS256
/// signature by a published key, our issuer, the expected <c>typ</c>, and, unless told otherwise, the lifetime.
/// </summary>
public sealed class TokenReader(SigningKeyStore keys, OidcOptions options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public Task<JsonWebToken?> ReadAccessTokenAsync(string? token, bool validateLifetime, CancellationToken cancellationToken) =>
        ReadAsync(token, TokenFactory.AccessTokenType, validateLifetime, cancellationToken);

    public Task<JsonWebToken?> ReadIdentityTokenAsync(string? token, bool validateLifetime, CancellationToken cancellationToken) =>
        ReadAsync(token, "JWT", validateLifetime, cancellationToken);

    private async Task<JsonWebToken?> ReadAsync(string? token, string type, bool validateLifetime, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 16_384 || !_handler.CanReadToken(token))
        {
            return null;
        }
        string? kid;
        try
        {
            kid = new JsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            return null; // not base64url JSON
        }
        if (kid is not null && (await keys.GetKeysAsync(cancellationToken)).Keys.All(k => k.Kid != kid))
        {
            // Another replica may have just created a key this one has not loaded yet.
            keys.Invalidate();
        }
        var result = await ValidateAsync(token, type, validateLifetime, cancellationToken);
        return result.IsValid ? result.SecurityToken as JsonWebToken : null;
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, string type, bool validateLifetime, CancellationToken cancellationToken)
    {
        var published = (await keys.GetKeysAsync(cancellationToken)).PublishedAt(time.GetUtcNow()).Select(k => (SecurityKey)k.Key).ToList();
        return await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidateIssuer = true,
            ValidateAudience = false,
            ValidateLifetime = validateLifetime,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = published,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidTypes = [type],
            ClockSkew = TimeSpan.Zero,
            // Called whenever set, even with ValidateLifetime off; so only set when the lifetime counts.
            LifetimeValidator = validateLifetime ? IsCurrent : null,
        });
    }

    private bool IsCurrent(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return (notBefore is null || notBefore <= now) && expires > now;
    }
}
