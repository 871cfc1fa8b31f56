using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity.Directory;
using Platform.Identity.Tests.Oidc.Support;

namespace Platform.Identity.Tests.Oidc;

/// <summary>RP-initiated logout, revocation (RFC 7009) and introspection (RFC 7662).</summary>
public sealed class SessionEndTests(OidcHost host) : IClassFixture<OidcHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Endsession_with_an_id_token_hint_ends_the_session_revokes_refresh_tokens_and_returns_to_the_registered_uri()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);

        using var response = await browser.GetAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = tokens.IdToken,
            ["post_logout_redirect_uri"] = OidcHost.SpaPostLogout,
            ["state"] = "bye",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{OidcHost.SpaPostLogout}?state=bye", response.Headers.Location!.ToString());
        using var client = host.NewClient();
        Assert.Equal("invalid_grant", (await OidcFlow.RefreshAsync(client, tokens.RefreshToken)).Error);
        Assert.False(await Introspection.IsActiveAsync(host, tokens.AccessToken));
        using var silent = await browser.GetAsync(OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["prompt"] = "none" }).Url);
        Assert.Equal("login_required", Browser.LocationQuery(silent)["error"]);
    }

    [Fact]
    public async Task A_cross_site_endsession_post_without_cookies_ends_the_hinted_session()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        using var cookieless = host.NewClient();

        using var response = await cookieless.PostAsync("/connect/endsession", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id_token_hint"] = tokens.IdToken,
            ["post_logout_redirect_uri"] = OidcHost.SpaPostLogout,
        }), Ct);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        using var silent = await browser.GetAsync(OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["prompt"] = "none" }).Url);
        Assert.Equal("login_required", Browser.LocationQuery(silent)["error"]);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_session_and_stops_userinfo()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        await host.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PlatformUser>>();
            var account = (await users.FindByIdAsync(user.Id.ToString()))!;
            account.IsActive = false;
            return await users.UpdateAsync(account);
        });
        using var client = host.NewClient();
        using var userinfo = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        userinfo.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        using var silent = await browser.GetAsync(OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["prompt"] = "none" }).Url);

        Assert.Equal("login_required", Browser.LocationQuery(silent)["error"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(userinfo, Ct)).StatusCode);
        Assert.Equal("invalid_grant", (await OidcFlow.RefreshAsync(client, tokens.RefreshToken)).Error);
    }

    [Fact]
    public async Task Endsession_accepts_an_expired_id_token_hint()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        host.Clock.Advance(TimeSpan.FromHours(1));

        using var response = await browser.GetAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = tokens.IdToken,
            ["post_logout_redirect_uri"] = OidcHost.SpaPostLogout,
        }));

        Assert.Equal(OidcHost.SpaPostLogout, response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task An_unregistered_post_logout_uri_is_not_followed_but_the_session_still_ends()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);

        using var response = await browser.GetAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = tokens.IdToken,
            ["post_logout_redirect_uri"] = "https://evil.test/",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("已退出", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var silent = await browser.GetAsync(OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["prompt"] = "none" }).Url);
        Assert.Equal("login_required", Browser.LocationQuery(silent)["error"]);
    }

    [Fact]
    public async Task Endsession_without_a_hint_only_asks_for_confirmation_and_the_confirmed_post_signs_out()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        await OidcFlow.GetCodeAsync(browser, OidcFlow.Authorize(), user);

        using var page = await browser.GetAsync($"/connect/endsession?post_logout_redirect_uri={Uri.EscapeDataString(OidcHost.SpaPostLogout)}");
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Null(page.Headers.Location);
        using (var stillIn = await browser.GetAsync(OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["prompt"] = "none" }).Url))
        {
            Assert.True(Browser.LocationQuery(stillIn).ContainsKey("code"));
        }

        using var confirmed = await browser.PostFormAsync("/account/logout", Browser.WithToken(html, new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        using var silent = await browser.GetAsync(OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["prompt"] = "none" }).Url);
        Assert.Equal("login_required", Browser.LocationQuery(silent)["error"]);
    }

    [Fact]
    public async Task A_logout_post_without_the_anti_forgery_token_is_400_and_the_session_survives()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        await OidcFlow.GetCodeAsync(browser, OidcFlow.Authorize(), user);

        using var forged = await browser.PostFormAsync("/account/logout", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var silent = await browser.GetAsync(OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["prompt"] = "none" }).Url);
        Assert.True(Browser.LocationQuery(silent).ContainsKey("code"));
    }

    [Fact]
    public async Task Revoking_a_refresh_token_revokes_its_family()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        using var client = host.NewClient();
        var rotated = await OidcFlow.RefreshAsync(client, tokens.RefreshToken);

        using var revoked = await client.PostAsync("/connect/revocation", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = rotated.RefreshToken,
            ["token_type_hint"] = "refresh_token",
            ["client_id"] = OidcHost.SpaClient,
        }), Ct);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("invalid_grant", (await OidcFlow.RefreshAsync(client, rotated.RefreshToken)).Error);
        Assert.False(await Introspection.IsActiveAsync(host, rotated.AccessToken));
    }

    [Fact]
    public async Task Another_client_cannot_revoke_a_refresh_token_and_unknown_tokens_answer_200()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        using var client = host.NewClient();

        using var byOther = await PostBasicAsync(client, "/connect/revocation", tokens.RefreshToken, OidcHost.WebClient, OidcHost.WebSecret);
        using var unknown = await PostBasicAsync(client, "/connect/revocation", "no-such-token", OidcHost.WebClient, OidcHost.WebSecret);

        Assert.Equal(HttpStatusCode.OK, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OidcFlow.RefreshAsync(client, tokens.RefreshToken)).Status);
    }

    [Fact]
    public async Task Revoking_an_access_token_makes_it_inactive_and_userinfo_refuses_it()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        using var client = host.NewClient();

        using var revoked = await client.PostAsync("/connect/revocation", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.AccessToken,
            ["client_id"] = OidcHost.SpaClient,
        }), Ct);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.False(await Introspection.IsActiveAsync(host, tokens.AccessToken));
        using var userinfo = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        userinfo.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(userinfo, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OidcFlow.RefreshAsync(client, tokens.RefreshToken)).Status);
    }

    [Fact]
    public async Task Introspection_describes_an_active_access_token()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);

        var answer = await Introspection.IntrospectAsync(host, tokens.AccessToken);

        Assert.True(answer.GetProperty("active").GetBoolean());
        Assert.Equal(user.Id.ToString(), answer.GetProperty("sub").GetString());
        Assert.Equal(OidcHost.SpaClient, answer.GetProperty("client_id").GetString());
        Assert.Equal(OidcFlow.DefaultScope, answer.GetProperty("scope").GetString());
        Assert.Equal(user.UserName, answer.GetProperty("username").GetString());
        Assert.True(answer.GetProperty("exp").GetInt64() > host.Clock.Now.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Introspection_says_inactive_for_expired_forged_and_foreign_refresh_tokens()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);

        var refreshByOther = await Introspection.IntrospectAsync(host, tokens.RefreshToken);
        var refreshByOwner = await Introspection.IntrospectAsync(host, tokens.RefreshToken, OidcHost.WebClient, OidcHost.WebSecret);
        var tampered = await Introspection.IntrospectAsync(host, tokens.AccessToken[..^4] + "AAAA");
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var expired = await Introspection.IntrospectAsync(host, tokens.AccessToken);

        Assert.False(refreshByOther.GetProperty("active").GetBoolean());
        Assert.False(refreshByOwner.GetProperty("active").GetBoolean()); // the web client does not own it either
        Assert.False(tampered.GetProperty("active").GetBoolean());
        Assert.False(expired.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspection_is_for_confidential_clients_only()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        using var client = host.NewClient();

        using var byPublic = await client.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.AccessToken,
            ["client_id"] = OidcHost.SpaClient,
        }), Ct);
        using var anonymous = await client.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.AccessToken,
        }), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, byPublic.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static Task<HttpResponseMessage> PostBasicAsync(HttpClient client, string path, string token, string clientId, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        return client.SendAsync(request, Ct);
    }
}
