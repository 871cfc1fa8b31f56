using Microsoft.IdentityModel.JsonWebTokens;
using Platform.Contracts.Identity;
using Platform.Identity.Infrastructure;
using Platform.Identity.Oidc.Clients;
using Platform.Identity.Oidc.Grants;
using Platform.Identity.Oidc.Protocol;
using Platform.Identity.Oidc.Tokens;

namespace Platform.Identity.Oidc.Endpoints;

/// <summary>
/// Revocation (RFC 7009) and introspection (RFC 7662). Refresh tokens are opaque handles looked up by hash; access
/// tokens are our JWTs, checked by signature and then against the revocation records.
/// </summary>
public static class TokenManagementEndpoints
{
    public const string RevocationPath = "/connect/revocation";
    public const string IntrospectionPath = "/connect/introspect";

    /// <summary>Revoking a refresh token revokes its whole family. Always 200 for unknown tokens, as the RFC asks.</summary>
    public static async Task<IResult> Revoke(HttpContext context, ClientRegistry clients, GrantStore grants, TokenReader reader, TimeProvider time)
    {
        var (client, token, error) = await ReadAsync(context, clients);
        if (client is null)
        {
            return error!;
        }
        var ct = context.RequestAborted;
        var refresh = IsJwt(token!) ? null : await grants.FindRefreshTokenAsync(token!, ct);
        if (refresh is not null)
        {
            var family = await grants.FindFamilyAsync(refresh.FamilyId, ct);
            if (family?.ClientId == client.Id)
            {
                await grants.RevokeFamilyAsync(family.Id, ct);
            }
        }
        else if (await reader.ReadAccessTokenAsync(token, validateLifetime: false, ct) is { } access
            && access.TryGetPayloadValue<string>(PlatformClaims.ClientId, out var owner) && owner == client.Id
            && access.ValidTo > time.GetUtcNow().UtcDateTime)
        {
            await grants.RevokeAccessTokenAsync(access.Id, client.Id, new DateTimeOffset(access.ValidTo, TimeSpan.Zero), ct);
        }
        ProtocolResults.NoStore(context);
        return Results.Ok();
    }

    /// <summary>
    /// For confidential clients (resource servers, the gateway). Any of them may introspect an access token; a refresh
    /// token only by the client it was issued to.
    /// </summary>
    public static async Task<IResult> Introspect(HttpContext context, ClientRegistry clients, GrantStore grants, TokenReader reader, IdentityDb db, TimeProvider time)
    {
        var (client, token, error) = await ReadAsync(context, clients);
        if (client is null)
        {
            return error!;
        }
        if (!client.IsConfidential)
        {
            return ProtocolResults.Error(context, OAuthErrors.InvalidClient, "Only confidential clients may introspect.", StatusCodes.Status401Unauthorized);
        }
        var ct = context.RequestAborted;
        var inactive = new Dictionary<string, object> { ["active"] = false };

        var refresh = IsJwt(token!) ? null : await grants.FindRefreshTokenAsync(token!, ct);
        if (refresh is not null)
        {
            var now = time.GetUtcNow();
            var family = await grants.FindFamilyAsync(refresh.FamilyId, ct);
            if (family is null || family.ClientId != client.Id || family.RevokedAt is not null || refresh.ConsumedAt is not null
                || refresh.ExpiresAt <= now || family.AbsoluteExpiresAt <= now)
            {
                return ProtocolResults.Ok(inactive, context);
            }
            var user = await UserClaims.LoadAsync(db, family.UserId, ct);
            var answer = new Dictionary<string, object>
            {
                ["active"] = true,
                ["token_type"] = "refresh_token",
                ["client_id"] = family.ClientId,
                ["sub"] = family.UserId.ToString(),
                ["scope"] = family.Scopes,
                ["iat"] = refresh.CreatedAt.ToUnixTimeSeconds(),
                ["exp"] = refresh.ExpiresAt.ToUnixTimeSeconds(),
            };
            if (user is not null)
            {
                answer["username"] = user.UserName;
            }
            return ProtocolResults.Ok(answer, context);
        }

        var access = await reader.ReadAccessTokenAsync(token, validateLifetime: true, ct);
        if (access is null || !await grants.IsAccessTokenActiveAsync(access.Id, ct))
        {
            return ProtocolResults.Ok(inactive, context);
        }
        var claims = new Dictionary<string, object> { ["active"] = true, ["token_type"] = "Bearer" };
        foreach (var name in new[] { "iss", "sub", "client_id", "scope", "jti", "sid", PlatformClaims.PreferredUsername })
        {
            if (access.TryGetPayloadValue<string>(name, out var value))
            {
                claims[name] = value;
            }
        }
        if (claims.TryGetValue(PlatformClaims.PreferredUsername, out var username))
        {
            claims["username"] = username;
        }
        claims["aud"] = access.Audiences.ToArray();
        claims["iat"] = new DateTimeOffset(access.IssuedAt, TimeSpan.Zero).ToUnixTimeSeconds();
        claims["nbf"] = new DateTimeOffset(access.ValidFrom, TimeSpan.Zero).ToUnixTimeSeconds();
        claims["exp"] = new DateTimeOffset(access.ValidTo, TimeSpan.Zero).ToUnixTimeSeconds();
        return ProtocolResults.Ok(claims, context);
    }

    /// <summary>Refresh tokens are dot-free base64url handles; access tokens are JWTs.</summary>
    private static bool IsJwt(string token) => token.Contains('.', StringComparison.Ordinal);

    private static async Task<(OidcClient? Client, string? Token, IResult? Error)> ReadAsync(HttpContext context, ClientRegistry clients)
    {
        var form = await ProtocolParameters.ReadFormAsync(context.Request);
        if (form is null)
        {
            return (null, null, ProtocolResults.Error(context, OAuthErrors.InvalidRequest, "The request must be a form post."));
        }
        var (client, error) = ClientAuthenticator.Authenticate(context, form, clients);
        if (client is null)
        {
            return (null, null, error);
        }
        var token = form["token"];
        if (token is null)
        {
            return (null, null, ProtocolResults.Error(context, OAuthErrors.InvalidRequest, "token is required."));
        }
        return (client, token, null);
    }
}
