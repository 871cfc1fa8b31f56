using System.Globalization;
using Platform.Identity.Oidc.Clients;
using Platform.Identity.Oidc.Protocol;
using Platform.Identity.Oidc.Tokens;

namespace Platform.Identity.Oidc.Endpoints;

/// <summary>
/// <c>/connect/token</c>: <c>authorization_code</c> (with the PKCE verifier), <c>refresh_token</c> (rotated on every
/// use, reuse revoking the family) and <c>client_credentials</c> (no database write: cheap enough for every service
/// call that needs one).
/// </summary>
public static class TokenEndpoint
{
    public const string Path = "/connect/token";

    public static async Task<IResult> Handle(
        HttpContext context, ClientRegistry clients, OidcRateLimits limits, TokenFactory tokens, IServiceProvider services)
    {
        var form = await ProtocolParameters.ReadFormAsync(context.Request);
        if (form is null)
        {
            return ProtocolResults.Error(context, OAuthErrors.InvalidRequest, "The token request must be a form post.");
        }
        var (client, error) = ClientAuthenticator.Authenticate(context, form, clients);
        if (client is null)
        {
            return error!;
        }
        if (limits.TryToken(client, ClientAddress.Of(context)) is { } retryAfter)
        {
            return TooManyRequests(context, retryAfter);
        }
        if (form.Duplicated is { } duplicated)
        {
            return ProtocolResults.Error(context, OAuthErrors.InvalidRequest, $"Parameter '{duplicated}' is repeated.");
        }
        var grantType = form["grant_type"];
        if (grantType is null)
        {
            return ProtocolResults.Error(context, OAuthErrors.InvalidRequest, "grant_type is required.");
        }
        if (!GrantTypes.All.Contains(grantType))
        {
            return ProtocolResults.Error(context, OAuthErrors.UnsupportedGrantType, $"Grant type '{grantType}' is not supported.");
        }
        if (!client.AllowsGrant(grantType))
        {
            return ProtocolResults.Error(context, OAuthErrors.UnauthorizedClient, $"The client may not use grant type '{grantType}'.");
        }
        return grantType switch
        {
            GrantTypes.ClientCredentials => await ClientCredentialsAsync(context, client, form, tokens),
            // Resolved only here: a client-credentials request needs no database context at all.
            _ => await services.GetRequiredService<UserGrants>().HandleAsync(context, client, grantType, form),
        };
    }

    private static async Task<IResult> ClientCredentialsAsync(HttpContext context, OidcClient client, ProtocolParameters form, TokenFactory tokens)
    {
        var requested = OidcScopes.Parse(form["scope"]);
        if (requested.FirstOrDefault(s => !client.AllowedScopes.Contains(s) || !OidcScopes.IsApiScope(s)) is { } refused)
        {
            return ProtocolResults.Error(context, OAuthErrors.InvalidScope, $"Scope '{refused}' is not allowed for this client.");
        }
        IReadOnlyList<string> scopes = requested.Count > 0 ? requested : [.. client.AllowedScopes.Where(OidcScopes.IsApiScope).Order(StringComparer.Ordinal)];
        if (scopes.Count == 0)
        {
            return ProtocolResults.Error(context, OAuthErrors.InvalidScope, "The client has no API scope.");
        }
        var token = await tokens.CreateAccessTokenAsync(client.Id, scopes, null, context.RequestAborted);
        return TokenResponse(context, token, scopes, idToken: null, refreshToken: null);
    }

    public static IResult TokenResponse(HttpContext context, IssuedToken accessToken, IReadOnlyList<string> scopes, string? idToken, string? refreshToken)
    {
        var body = new Dictionary<string, object?>
        {
            ["access_token"] = accessToken.Value,
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)Math.Round((accessToken.ExpiresAt - context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()).TotalSeconds),
            ["scope"] = OidcScopes.Join(scopes),
        };
        if (idToken is not null)
        {
            body["id_token"] = idToken;
        }
        if (refreshToken is not null)
        {
            body["refresh_token"] = refreshToken;
        }
        return ProtocolResults.Ok(body, context);
    }

    private static IResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ProtocolResults.Error(context, "too_many_requests", "Too many token requests; retry later.", StatusCodes.Status429TooManyRequests);
    }
}
