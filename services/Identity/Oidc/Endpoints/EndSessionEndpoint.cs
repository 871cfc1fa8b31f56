using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Platform.Contracts.Identity;
using Platform.Identity.Account;
using Platform.Identity.Oidc.Clients;
using Platform.Identity.Oidc.Protocol;
using Platform.Identity.Oidc.Sessions;
using Platform.Identity.Oidc.Tokens;

namespace Platform.Identity.Oidc.Endpoints;

/// <summary>
/// <c>/connect/endsession</c> (RP-initiated logout 1.0, GET and POST). With a valid <c>id_token_hint</c> (our
/// signature; expiry does not matter) the hinted session ends, with its refresh tokens, and the browser goes back to
/// <c>post_logout_redirect_uri</c> when it is registered for the hint's client. Without a hint nobody is signed out
/// by a mere link: the user confirms on a page.
/// </summary>
public static class EndSessionEndpoint
{
    public const string Path = "/connect/endsession";

    public static async Task<IResult> Handle(
        HttpContext context, ClientRegistry clients, SessionManager sessions, TokenReader reader, IAntiforgery antiforgery)
    {
        var ct = context.RequestAborted;
        var parameters = await ProtocolParameters.ReadAsync(context.Request) ?? ProtocolParameters.Empty;
        var hint = await reader.ReadIdentityTokenAsync(parameters["id_token_hint"], validateLifetime: false, ct);
        var current = await sessions.GetCurrentAsync(context);
        if (hint is null)
        {
            return current is null
                ? LogoutPages.LoggedOut(context)
                : LogoutPages.Confirm(context, antiforgery);
        }

        var hintClient = clients.Find(hint.Audiences.FirstOrDefault());
        if (parameters["client_id"] is { } clientId && clientId != hintClient?.Id)
        {
            return LogoutPages.LoggedOut(context, "退出请求中的应用与登录凭据不一致，未返回原应用。");
        }
        if (current is not null && current.User.Id.ToString() == hint.Subject)
        {
            await sessions.SignOutAsync(context);
        }
        else if (hint.TryGetPayloadValue<string>(PlatformClaims.SessionId, out var sid)
            && await sessions.FindAsync(sid, ct) is { } hinted && hinted.User.Id.ToString() == hint.Subject)
        {
            // e.g. a cross-site POST, which carries no SameSite=Lax cookie: the hint names the session to end.
            await sessions.EndAsync(hinted.Session.Id, ct);
        }

        var redirect = parameters["post_logout_redirect_uri"];
        if (redirect is null || hintClient is null || !hintClient.PostLogoutRedirectUris.Contains(redirect))
        {
            return LogoutPages.LoggedOut(context);
        }
        var location = parameters["state"] is { } state ? QueryHelpers.AddQueryString(redirect, "state", state) : redirect;
        context.Response.Headers.CacheControl = "no-store";
        return HttpMethods.IsPost(context.Request.Method) ? Html.SeeOther(context, location) : Results.Redirect(location);
    }
}
