using System.Net;
using Platform.Identity.Tests.Oidc.Support;

namespace Platform.Identity.Tests.Oidc;

/// <summary>
/// What /connect/authorize refuses, and how: shown (never redirected) until client and redirect URI are known good;
/// redirected with error, state and iss after that.
/// </summary>
public sealed class AuthorizeRequestTests(OidcHost host) : IClassFixture<OidcHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unregistered_redirect_uri_gets_an_error_page_and_no_redirect()
    {
        using var browser = host.NewBrowser();
        var request = OidcFlow.Authorize(redirectUri: "https://evil.test/callback");

        using var response = await browser.GetAsync(request.Url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("回调地址未登记", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://spa.test/callback/")]
    [InlineData("https://spa.test/callback?x=1")]
    [InlineData("https://SPA.test/callback")]
    [InlineData("http://spa.test/callback")]
    public async Task A_redirect_uri_that_only_resembles_the_registered_one_is_refused(string redirectUri)
    {
        using var browser = host.NewBrowser();

        using var response = await browser.GetAsync(OidcFlow.Authorize(redirectUri: redirectUri).Url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task An_unknown_client_gets_an_error_page_and_no_redirect()
    {
        using var browser = host.NewBrowser();

        using var response = await browser.GetAsync(OidcFlow.Authorize(clientId: "nobody").Url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("code_challenge", null, "invalid_request")]
    [InlineData("code_challenge_method", null, "invalid_request")]
    [InlineData("code_challenge_method", "plain", "invalid_request")]
    [InlineData("response_type", "token", "unsupported_response_type")]
    [InlineData("response_type", "code id_token", "unsupported_response_type")]
    [InlineData("response_type", null, "invalid_request")]
    [InlineData("scope", "openid profile vendors", "invalid_scope")]
    [InlineData("scope", "openid payroll", "invalid_scope")]
    [InlineData("prompt", "none login", "invalid_request")]
    [InlineData("max_age", "-1", "invalid_request")]
    [InlineData("request", "eyJhbGciOiJub25lIn0.e30.", "request_not_supported")]
    public async Task A_bad_request_from_a_known_client_goes_back_with_error_state_and_iss(string parameter, string? value, string error)
    {
        using var browser = host.NewBrowser();
        var request = OidcFlow.Authorize(extra: new Dictionary<string, string?> { [parameter] = value });
        if (value is null)
        {
            request = request with { Url = RemoveParameter(request.Url, parameter) };
        }

        using var response = await browser.GetAsync(request.Url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(OidcHost.SpaRedirect + "?", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var query = Browser.LocationQuery(response);
        Assert.Equal(error, query["error"]);
        Assert.Equal(request.State, query["state"]);
        Assert.Equal(OidcHost.Issuer, query["iss"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task Plain_pkce_is_refused_even_for_a_signed_in_user()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        await OidcFlow.GetCodeAsync(browser, OidcFlow.Authorize(), user);
        var plain = OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["code_challenge_method"] = "plain" });

        using var response = await browser.GetAsync(plain.Url);

        Assert.Equal("invalid_request", Browser.LocationQuery(response)["error"]);
    }

    [Fact]
    public async Task Prompt_none_without_a_session_answers_login_required()
    {
        using var browser = host.NewBrowser();
        var request = OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["prompt"] = "none" });

        using var response = await browser.GetAsync(request.Url);

        var query = Browser.LocationQuery(response);
        Assert.Equal("login_required", query["error"]);
        Assert.Equal(request.State, query["state"]);
    }

    [Fact]
    public async Task Prompt_none_with_a_session_issues_a_code_without_showing_a_page()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        await OidcFlow.GetCodeAsync(browser, OidcFlow.Authorize(), user);

        var silent = OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["prompt"] = "none" });
        var code = await OidcFlow.GetCodeAsync(browser, silent, user, hasSession: true);

        Assert.False(string.IsNullOrEmpty(code));
    }

    [Fact]
    public async Task Prompt_login_asks_for_the_password_again_despite_a_session_and_returns_a_fresh_auth_time()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        await OidcFlow.GetCodeAsync(browser, OidcFlow.Authorize(), user);
        host.Clock.Advance(TimeSpan.FromMinutes(3));

        var again = OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["prompt"] = "login" });
        using var first = await browser.GetAsync(again.Url);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var login = first.Headers.Location!.ToString();
        Assert.StartsWith("/account/login?returnUrl=", login, StringComparison.Ordinal);
        using var posted = await OidcFlow.LoginAsync(browser, login, user.UserName, OidcHost.Password);
        using var back = await browser.GetAsync(posted.Headers.Location!.ToString());
        var code = Browser.LocationQuery(back)["code"];
        using var client = host.NewClient();
        var tokens = await OidcFlow.RedeemAsync(client, code, again.Pkce);
        var idToken = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.IdToken);
        Assert.Equal(host.Clock.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), idToken.GetClaim("auth_time").Value);
    }

    [Theory]
    [InlineData(119, false)]
    [InlineData(121, true)]
    public async Task Max_age_forces_a_new_login_only_when_the_session_is_older(int sessionAgeSeconds, bool mustLogIn)
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        await OidcFlow.GetCodeAsync(browser, OidcFlow.Authorize(), user);
        host.Clock.Advance(TimeSpan.FromSeconds(sessionAgeSeconds));

        using var response = await browser.GetAsync(OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["max_age"] = "120" }).Url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Equal(mustLogIn, location.StartsWith("/account/login", StringComparison.Ordinal));
        Assert.Equal(!mustLogIn, location.StartsWith(OidcHost.SpaRedirect + "?code=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_hint_prefills_the_user_name_and_unknown_parameters_are_ignored()
    {
        using var browser = host.NewBrowser();
        var request = OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["login_hint"] = "zhangsan", ["foo"] = "bar", ["ui_locales"] = "zh-CN" });

        using var first = await browser.GetAsync(request.Url);
        using var page = await browser.GetAsync(first.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("name=\"userName\" type=\"text\" value=\"zhangsan\"", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_by_POST_redirects_with_303_and_the_same_answer()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        await OidcFlow.GetCodeAsync(browser, OidcFlow.Authorize(), user);
        var request = OidcFlow.Authorize();
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(Browser.BaseAddress, request.Url).Query)
            .ToDictionary(p => p.Key, p => p.Value.ToString());

        using var response = await browser.PostFormAsync("/connect/authorize", form);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var query = Browser.LocationQuery(response);
        Assert.Equal(request.State, query["state"]);
        Assert.True(query.ContainsKey("code"));
    }

    private static string RemoveParameter(string url, string name)
    {
        var uri = new Uri(Browser.BaseAddress, url);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).Where(p => p.Key != name)
            .ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(uri.AbsolutePath, query);
    }
}
