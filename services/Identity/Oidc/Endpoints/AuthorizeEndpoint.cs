using Microsoft.AspNetCore.WebUtilities;
using Platform.Identity.Account;
using Platform.Identity.Oidc.Clients;
using Platform.Identity.Oidc.Grants;
using Platform.Identity.Oidc.Protocol;
using Platform.Identity.Oidc.Sessions;

namespace Platform.Identity.Oidc.Endpoints;

/// <summary>
/// <c>/connect/authorize</c> (GET and POST): the authorization code flow with PKCE S256. Until the client and its
/// redirect URI are known to be genuine, problems are shown on a page; after that they go back to the client with
/// <c>error</c>, <c>state</c> and <c>iss</c> (RFC 9207).
/// </summary>
public static class AuthorizeEndpoint
{
    public const string Path = "/connect/authorize";

    private const int MaxNonceLength = 512;
    private const int MaxStateLength = 2048;

    public static async Task<IResult> Handle(
        HttpContext context, ClientRegistry clients, SessionManager sessions, GrantStore grants, OidcOptions options, TimeProvider time)
    {
        var parameters = await ProtocolParameters.ReadAsync(context.Request);
        if (parameters is null)
        {
            return ErrorPage(context, "授权请求格式不正确（应为表单提交）。");
        }
        if (parameters.Duplicated is "client_id" or "redirect_uri")
        {
            return ErrorPage(context, "授权请求中的参数重复。");
        }
        var client = clients.Find(parameters["client_id"]);
        if (client is null)
        {
            return ErrorPage(context, "发起登录的应用未在平台登记。");
        }
        var redirectUri = parameters["redirect_uri"];
        if (redirectUri is null || !client.RedirectUris.Contains(redirectUri))
        {
            return ErrorPage(context, "发起登录的应用提供的回调地址未登记，已拒绝跳转。");
        }

        var reply = new Reply(context, redirectUri, parameters["state"], options.Issuer);
        if (parameters.Duplicated is { } duplicated)
        {
            return reply.Error(OAuthErrors.InvalidRequest, $"Parameter '{duplicated}' is repeated.");
        }
        if (parameters.Has("request"))
        {
            return reply.Error(OAuthErrors.RequestNotSupported, "Request objects are not supported.");
        }
        if (parameters.Has("request_uri"))
        {
            return reply.Error(OAuthErrors.RequestUriNotSupported, "request_uri is not supported.");
        }
        var responseType = parameters["response_type"];
        if (responseType is null)
        {
            return reply.Error(OAuthErrors.InvalidRequest, "response_type is required.");
        }
        if (responseType != "code")
        {
            return reply.Error(OAuthErrors.UnsupportedResponseType, "Only response_type=code is supported.");
        }
        if (parameters["response_mode"] is { } mode && mode != "query")
        {
            return reply.Error(OAuthErrors.InvalidRequest, "Only response_mode=query is supported.");
        }
        if (!client.AllowsGrant(GrantTypes.AuthorizationCode))
        {
            return reply.Error(OAuthErrors.UnauthorizedClient, "The client may not use the authorization code flow.");
        }
        var challenge = parameters["code_challenge"];
        if (challenge is null)
        {
            return reply.Error(OAuthErrors.InvalidRequest, "code_challenge is required (PKCE).");
        }
        if (parameters["code_challenge_method"] != Pkce.S256)
        {
            return reply.Error(OAuthErrors.InvalidRequest, "code_challenge_method must be S256.");
        }
        if (!Pkce.IsWellFormedChallenge(challenge))
        {
            return reply.Error(OAuthErrors.InvalidRequest, "code_challenge is not a base64url SHA-256 value.");
        }
        var scopes = OidcScopes.Parse(parameters["scope"]);
        if (scopes.Count == 0)
        {
            return reply.Error(OAuthErrors.InvalidScope, "scope is required.");
        }
        if (scopes.FirstOrDefault(s => !client.AllowedScopes.Contains(s)) is { } refused)
        {
            return reply.Error(OAuthErrors.InvalidScope, $"Scope '{refused}' is not allowed for this client.");
        }
        var nonce = parameters["nonce"];
        if (nonce?.Length > MaxNonceLength || parameters["state"]?.Length > MaxStateLength)
        {
            return reply.Error(OAuthErrors.InvalidRequest, "nonce or state is too long.");
        }
        var prompt = OidcScopes.Parse(parameters["prompt"]);
        if (prompt.Contains("none") && prompt.Count > 1)
        {
            return reply.Error(OAuthErrors.InvalidRequest, "prompt=none cannot be combined with other values.");
        }
        int? maxAge = null;
        if (parameters["max_age"] is { } maxAgeText)
        {
            if (!int.TryParse(maxAgeText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                return reply.Error(OAuthErrors.InvalidRequest, "max_age must be a non-negative number of seconds.");
            }
            maxAge = seconds;
        }

        var now = time.GetUtcNow();
        var current = await sessions.GetCurrentAsync(context);
        var mustAuthenticate = current is null
            || prompt.Contains("login")
            || (maxAge is { } limit && now - current.Session.AuthTime > TimeSpan.FromSeconds(limit));
        if (mustAuthenticate)
        {
            if (prompt.Contains("none"))
            {
                return reply.Error(OAuthErrors.LoginRequired, "The user must sign in.");
            }
            return Results.Redirect(QueryHelpers.AddQueryString(LoginUrls.Login, "returnUrl", ReturnUrlAfterLogin(parameters)));
        }

        var family = new TokenFamily
        {
            Id = Guid.CreateVersion7(),
            ClientId = client.Id,
            UserId = current!.User.Id,
            SessionId = current.Session.Id,
            Scopes = OidcScopes.Join(scopes),
            SecurityStamp = current.Session.SecurityStamp,
            AuthTime = current.Session.AuthTime,
            Amr = current.Session.Amr,
            CreatedAt = now,
            AbsoluteExpiresAt = now + options.RefreshAbsoluteLifetime,
        };
        var code = await grants.CreateCodeAsync(family, redirectUri, challenge, nonce, context.RequestAborted);
        return reply.Success(code);
    }

    /// <summary>
    /// Where the login page sends the browser back: this request as a GET, without <c>prompt=login</c> and
    /// <c>max_age</c>, which the fresh sign-in has just satisfied (keeping them would ask again forever).
    /// </summary>
    private static string ReturnUrlAfterLogin(ProtocolParameters parameters)
    {
        var pairs = parameters.Pairs.Where(p => p.Key != "max_age").Select(p => p.Key == "prompt"
            ? KeyValuePair.Create(p.Key, (string?)OidcScopes.Join(OidcScopes.Parse(p.Value).Where(v => v != "login")))
            : p).Where(p => !string.IsNullOrEmpty(p.Value));
        return QueryHelpers.AddQueryString(Path, pairs);
    }

    private static IResult ErrorPage(HttpContext context, string reason) =>
        Html.Page(context, "无法完成登录请求", Html.Message(reason) + Html.Paragraph("请返回原应用重新发起登录；如问题持续，请联系平台管理员。"), StatusCodes.Status400BadRequest);

    /// <summary>Answers to the client's redirect URI; 303 after a POST so the browser follows with a GET.</summary>
    private sealed class Reply(HttpContext context, string redirectUri, string? state, string issuer)
    {
        public IResult Success(string code) => Redirect(new() { ["code"] = code });

        public IResult Error(string error, string description) =>
            Redirect(new() { ["error"] = error, ["error_description"] = description });

        private IResult Redirect(Dictionary<string, string?> values)
        {
            if (state is not null)
            {
                values["state"] = state;
            }
            values["iss"] = issuer;
            var location = QueryHelpers.AddQueryString(redirectUri, values);
            context.Response.Headers.CacheControl = "no-store";
            return HttpMethods.IsPost(context.Request.Method) ? Html.SeeOther(context, location) : Results.Redirect(location);
        }
    }
}
