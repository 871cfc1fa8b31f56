using Platform.Identity.Infrastructure;
using Platform.Identity.Oidc.Clients;
using Platform.Identity.Oidc.Grants;
using Platform.Identity.Oidc.Protocol;
using Platform.Identity.Oidc.Tokens;

namespace Platform.Identity.Oidc.Endpoints;

/// <summary>
/// The grants that act for a user: redeeming a code and refreshing. Refresh tokens rotate on every use. A token
/// presented again within <c>Identity:Tokens:RefreshReuseGrace</c> of its first use (two tabs refreshing at once) is
/// answered like the first time: a new access token and a new refresh token of its own in the same family, so both
/// callers hold a valid, separately rotating token. Presented after the grace, it revokes the whole family.
/// </summary>
public sealed class UserGrants(IdentityDb db, GrantStore grants, TokenFactory tokens, OidcOptions options, TimeProvider time, ILogger<UserGrants> logger)
{
    public Task<IResult> HandleAsync(HttpContext context, OidcClient client, string grantType, ProtocolParameters form) =>
        grantType == GrantTypes.AuthorizationCode ? RedeemCodeAsync(context, client, form) : RefreshAsync(context, client, form);

    private async Task<IResult> RedeemCodeAsync(HttpContext context, OidcClient client, ProtocolParameters form)
    {
        var ct = context.RequestAborted;
        var code = form["code"];
        if (code is null || form["redirect_uri"] is null)
        {
            return Invalid(context, OAuthErrors.InvalidRequest, "code and redirect_uri are required.");
        }
        var redemption = await grants.RedeemCodeAsync(code, ct);
        if (redemption is null)
        {
            return Invalid(context, OAuthErrors.InvalidGrant, "Unknown authorization code.");
        }
        var record = redemption.Record;
        if (redemption.AlreadyUsed)
        {
            // RFC 6749 §4.1.2: a code used twice may have been stolen; what it issued is revoked.
            await grants.RevokeFamilyAsync(record.FamilyId, ct);
            logger.LogWarning("Authorization code of family {FamilyId} presented again; the family is revoked", record.FamilyId);
            return Invalid(context, OAuthErrors.InvalidGrant, "The authorization code was already used.");
        }
        if (record.ClientId != client.Id || record.ExpiresAt <= time.GetUtcNow() || record.RedirectUri != form["redirect_uri"])
        {
            return Invalid(context, OAuthErrors.InvalidGrant, "The authorization code is expired or was issued to another client or redirect URI.");
        }
        if (!Pkce.Matches(form["code_verifier"], record.CodeChallenge))
        {
            return Invalid(context, OAuthErrors.InvalidGrant, "code_verifier does not match the code_challenge.");
        }
        var family = await grants.FindFamilyAsync(record.FamilyId, ct);
        var user = family is { RevokedAt: null } ? await ActiveUserAsync(family, ct) : null;
        if (family is null || user is null)
        {
            return Invalid(context, OAuthErrors.InvalidGrant, "The authorization was revoked or the account is no longer active.");
        }
        return await IssueAsync(context, client, family, user, OidcScopes.Parse(family.Scopes), record.Nonce);
    }

    private async Task<IResult> RefreshAsync(HttpContext context, OidcClient client, ProtocolParameters form)
    {
        var ct = context.RequestAborted;
        var token = form["refresh_token"];
        if (token is null)
        {
            return Invalid(context, OAuthErrors.InvalidRequest, "refresh_token is required.");
        }
        var redemption = await grants.RedeemRefreshTokenAsync(token, ct);
        var family = redemption is null ? null : await grants.FindFamilyAsync(redemption.Record.FamilyId, ct);
        if (redemption is null || family is null || family.ClientId != client.Id)
        {
            return Invalid(context, OAuthErrors.InvalidGrant, "Unknown refresh token.");
        }
        var now = time.GetUtcNow();
        if (family.RevokedAt is not null || redemption.Record.ExpiresAt <= now || family.AbsoluteExpiresAt <= now)
        {
            return Invalid(context, OAuthErrors.InvalidGrant, "The refresh token is expired or revoked.");
        }
        if (redemption.AlreadyUsed && now - redemption.FirstUsedAt > options.RefreshReuseGrace)
        {
            // A rotated token came back: someone holds a copy. Nobody in the family can be trusted any more.
            await grants.RevokeFamilyAsync(family.Id, ct);
            logger.LogWarning("Refresh token of family {FamilyId} reused after rotation; the family is revoked", family.Id);
            return Invalid(context, OAuthErrors.InvalidGrant, "The refresh token was already used.");
        }
        var granted = OidcScopes.Parse(family.Scopes);
        var requested = OidcScopes.Parse(form["scope"]);
        if (requested.FirstOrDefault(s => !granted.Contains(s)) is { } extra)
        {
            return Invalid(context, OAuthErrors.InvalidScope, $"Scope '{extra}' was not granted originally.");
        }
        var user = await ActiveUserAsync(family, ct);
        if (user is null)
        {
            await grants.RevokeFamilyAsync(family.Id, ct);
            return Invalid(context, OAuthErrors.InvalidGrant, "The account is no longer active or its password changed.");
        }
        return await IssueAsync(context, client, family, user, requested.Count > 0 ? requested : granted, nonce: null);
    }

    /// <summary>
    /// Access token (recorded under the family), ID token with <c>openid</c>, and a new refresh token with
    /// <c>offline_access</c> when the client may refresh. The family keeps its original scopes.
    /// </summary>
    private async Task<IResult> IssueAsync(HttpContext context, OidcClient client, TokenFamily family, UserClaims user, IReadOnlyList<string> scopes, string? nonce)
    {
        var ct = context.RequestAborted;
        var grant = new UserGrant(user, family.SessionId, family.AuthTime, family.Amr);
        var accessToken = await tokens.CreateAccessTokenAsync(client.Id, scopes, grant, ct);
        await grants.RecordAccessTokenAsync(accessToken.Jti, family.Id, client.Id, accessToken.ExpiresAt, ct);
        var idToken = scopes.Contains(OidcScopes.OpenId)
            ? await tokens.CreateIdentityTokenAsync(client.Id, scopes, grant, nonce, accessToken.Value, ct)
            : null;
        string? refreshToken = null;
        if (OidcScopes.Parse(family.Scopes).Contains(OidcScopes.OfflineAccess) && client.AllowsGrant(GrantTypes.RefreshToken))
        {
            (refreshToken, _) = await grants.CreateRefreshTokenAsync(family, ct);
        }
        return TokenEndpoint.TokenResponse(context, accessToken, scopes, idToken, refreshToken);
    }

    /// <summary>The user, when still allowed to get tokens: active, in an active organisation, security stamp unchanged.</summary>
    private async Task<UserClaims?> ActiveUserAsync(TokenFamily family, CancellationToken ct)
    {
        var user = await UserClaims.LoadAsync(db, family.UserId, ct);
        return user is { CanSignIn: true } && user.SecurityStamp == family.SecurityStamp ? user : null;
    }

    private static IResult Invalid(HttpContext context, string error, string description) =>
        ProtocolResults.Error(context, error, description);
}
