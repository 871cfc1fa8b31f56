using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Identity.Tests.Oidc.Support;

/// <summary>A PKCE pair as a client makes it.</summary>
public sealed record PkcePair(string Verifier, string Challenge)
{
    public static PkcePair New()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return new PkcePair(verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }
}

/// <summary>An authorization request of the test SPA client, and what came back.</summary>
public sealed record AuthorizeRequest(PkcePair Pkce, string State, string Nonce, string Url);

/// <summary>A token endpoint answer: status and JSON body.</summary>
public sealed record TokenAnswer(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)
{
    public string AccessToken => Body.GetProperty("access_token").GetString()!;

    public string IdToken => Body.GetProperty("id_token").GetString()!;

    public string RefreshToken => Body.GetProperty("refresh_token").GetString()!;

    public string? Error => Body.TryGetProperty("error", out var error) ? error.GetString() : null;
}

/// <summary>The code flow driven the way a browser and a client do it.</summary>
public static class OidcFlow
{
    public const string DefaultScope = "openid profile offline_access projects targets";

    public static AuthorizeRequest Authorize(
        string clientId = OidcHost.SpaClient,
        string redirectUri = OidcHost.SpaRedirect,
        string scope = DefaultScope,
        IDictionary<string, string?>? extra = null,
        PkcePair? pkce = null)
    {
        pkce ??= PkcePair.New();
        var state = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));
        var nonce = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = pkce.Challenge,
            ["code_challenge_method"] = "S256",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                query.Remove(key);
            }
            else
            {
                query[key] = value;
            }
        }
        return new AuthorizeRequest(pkce, state, nonce, QueryHelpers.AddQueryString("/connect/authorize", query));
    }

    /// <summary>Signs in on the login page the authorize request was sent to; returns the login post's answer.</summary>
    public static async Task<HttpResponseMessage> LoginAsync(Browser browser, string loginLocation, string userName, string password)
    {
        using var page = await browser.GetAsync(loginLocation);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return await browser.PostFormAsync("/account/login", Browser.WithToken(html, new Dictionary<string, string>
        {
            ["userName"] = userName,
            ["password"] = password,
        }));
    }

    /// <summary>
    /// Authorize → login page → login post → back to authorize → redirect to the client. Returns the final redirect.
    /// </summary>
    public static async Task<HttpResponseMessage> SignInAsync(Browser browser, AuthorizeRequest request, TestUser user, string password = OidcHost.Password)
    {
        using var first = await browser.GetAsync(request.Url);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var login = first.Headers.Location!.ToString();
        Assert.StartsWith("/account/login?returnUrl=", login, StringComparison.Ordinal);
        using var posted = await LoginAsync(browser, login, user.UserName, password);
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        return await browser.GetAsync(posted.Headers.Location!.ToString());
    }

    /// <summary>Signs in (or reuses the session) and returns the code sent to the client, after checking state and iss.</summary>
    public static async Task<string> GetCodeAsync(Browser browser, AuthorizeRequest request, TestUser user, bool hasSession = false)
    {
        using var answer = hasSession ? await browser.GetAsync(request.Url) : await SignInAsync(browser, request, user);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var query = Browser.LocationQuery(answer);
        Assert.Equal(request.State, query["state"]);
        Assert.Equal(OidcHost.Issuer, query["iss"]);
        return query["code"];
    }

    public static Task<TokenAnswer> RedeemAsync(HttpClient client, string code, PkcePair pkce, string clientId = OidcHost.SpaClient, string redirectUri = OidcHost.SpaRedirect) =>
        TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = pkce.Verifier,
            ["client_id"] = clientId,
        });

    public static Task<TokenAnswer> RefreshAsync(HttpClient client, string refreshToken, string clientId = OidcHost.SpaClient) =>
        TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = clientId,
        });

    /// <summary>Posts to the token endpoint; with <paramref name="basic"/> the client authenticates with HTTP Basic.</summary>
    public static async Task<TokenAnswer> TokenAsync(HttpClient client, IDictionary<string, string> form, (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(form) };
        if (basic is { } credentials)
        {
            var raw = $"{Uri.EscapeDataString(credentials.Id)}:{Uri.EscapeDataString(credentials.Secret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        }
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
        return new TokenAnswer(response.StatusCode, document.RootElement.Clone(), response);
    }

    /// <summary>Full sign-in and code redemption for <paramref name="user"/> with the SPA client.</summary>
    public static async Task<(TokenAnswer Tokens, AuthorizeRequest Request)> SignInForTokensAsync(OidcHost host, Browser browser, TestUser user, string scope = DefaultScope)
    {
        var request = Authorize(scope: scope);
        var code = await GetCodeAsync(browser, request, user);
        using var client = host.NewClient();
        var tokens = await RedeemAsync(client, code, request.Pkce);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return (tokens, request);
    }
}
