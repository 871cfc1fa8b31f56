using Microsoft.IdentityModel.JsonWebTokens;
using Platform.Identity.Infrastructure;
using Platform.Identity.Oidc.Grants;
using Platform.Identity.Oidc.Protocol;
using Platform.Identity.Oidc.Tokens;

namespace Platform.Identity.Oidc.Endpoints;

/// <summary>
/// <c>/connect/userinfo</c> (GET and POST, OIDC Core §5.3): the access token in the <c>Authorization</c> header, or
/// for POST in the form's <c>access_token</c> (RFC 6750 §2.2); claims by the token's scopes.
/// </summary>
public static class UserInfoEndpoint
{
    public const string Path = "/connect/userinfo";

    public static async Task<IResult> Handle(HttpContext context, TokenReader reader, GrantStore grants, IdentityDb db)
    {
        var ct = context.RequestAborted;
        var header = context.Request.Headers.Authorization.ToString();
        var fromHeader = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        string? fromBody = null;
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            var form = await ProtocolParameters.ReadFormAsync(context.Request);
            fromBody = form?["access_token"];
        }
        if (fromHeader is not null && fromBody is not null)
        {
            return ProtocolResults.Error(context, OAuthErrors.InvalidRequest, "Send the access token once.");
        }
        var token = await reader.ReadAccessTokenAsync(fromHeader ?? fromBody, validateLifetime: true, ct);
        if (token is null || !await grants.IsAccessTokenActiveAsync(token.Id, ct))
        {
            return ProtocolResults.BearerError(context, OAuthErrors.InvalidToken, "The access token is missing, invalid, expired or revoked.");
        }
        var scopes = OidcScopes.Parse(token.TryGetPayloadValue<string>("scope", out var scope) ? scope : null);
        if (!scopes.Contains(OidcScopes.OpenId) || !Guid.TryParse(token.Subject, out var userId))
        {
            return ProtocolResults.BearerError(context, OAuthErrors.InsufficientScope, "The access token lacks the openid scope.", StatusCodes.Status403Forbidden);
        }
        var user = await UserClaims.LoadAsync(db, userId, ct);
        if (user is not { CanSignIn: true })
        {
            return ProtocolResults.BearerError(context, OAuthErrors.InvalidToken, "The account is no longer active.");
        }
        var claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = user.Subject };
        if (scopes.Contains(OidcScopes.Profile))
        {
            user.AddProfileTo(claims);
        }
        return ProtocolResults.Ok(claims, context);
    }
}
