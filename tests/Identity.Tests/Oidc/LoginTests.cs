using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Identity;
using Platform.Identity.Account;
using Platform.Identity.Directory;
using Platform.Identity.Infrastructure;
using Platform.Identity.Oidc.Sessions;
using Platform.Identity.Tests.Oidc.Support;

namespace Platform.Identity.Tests.Oidc;

/// <summary>The sign-in pages: lockout, messages that reveal nothing, anti-forgery, forced password change, TOTP.</summary>
public sealed partial class LoginTests(OidcHost host) : IClassFixture<OidcHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_so_the_right_one_fails_too_with_the_unknown_user_message()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            Assert.Contains(LoginEndpoints.FailureMessage, await PostLoginAsync(browser, user.UserName, $"Wrong!pass{attempt}A"), StringComparison.Ordinal);
        }

        var rightPassword = await PostLoginAsync(browser, user.UserName, OidcHost.Password);
        var unknownUser = await PostLoginAsync(browser, "nobody-" + Guid.NewGuid().ToString("N")[..8], OidcHost.Password);

        Assert.Equal(Message(unknownUser), Message(rightPassword));
        Assert.Equal(LoginEndpoints.FailureMessage, Message(rightPassword));
        Assert.Null(await SessionOfAsync(browser));
        Assert.True(await host.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PlatformUser>>();
            return await users.IsLockedOutAsync((await users.FindByIdAsync(user.Id.ToString()))!);
        }));
    }

    [Fact]
    public async Task Four_wrong_passwords_do_not_lock_and_the_right_one_then_signs_in()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await PostLoginAsync(browser, user.UserName, $"Wrong!pass{attempt}A");
        }

        var code = await OidcFlow.GetCodeAsync(browser, OidcFlow.Authorize(), user);

        Assert.False(string.IsNullOrEmpty(code));
    }

    [Fact]
    public async Task A_disabled_account_with_the_right_password_gets_the_same_message()
    {
        var user = await host.CreateUserAsync();
        await host.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PlatformUser>>();
            var account = (await users.FindByIdAsync(user.Id.ToString()))!;
            account.IsActive = false;
            return await users.UpdateAsync(account);
        });
        using var browser = host.NewBrowser();

        var page = await PostLoginAsync(browser, user.UserName, OidcHost.Password);

        Assert.Equal(LoginEndpoints.FailureMessage, Message(page));
    }

    [Fact]
    public async Task A_login_post_without_the_anti_forgery_token_is_400_and_signs_nobody_in()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        using (await browser.GetAsync("/account/login"))
        {
            // the browser holds the anti-forgery cookie; the forged form lacks the field
        }

        using var response = await browser.PostFormAsync("/account/login", new Dictionary<string, string>
        {
            ["userName"] = user.UserName,
            ["password"] = OidcHost.Password,
            ["returnUrl"] = "/",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await SessionOfAsync(browser));
    }

    [Fact]
    public async Task A_login_post_with_another_browsers_anti_forgery_token_is_400()
    {
        var user = await host.CreateUserAsync();
        using var attacker = host.NewBrowser();
        using var victim = host.NewBrowser();
        using var attackerPage = await attacker.GetAsync("/account/login");
        var token = Browser.AntiforgeryToken(await attackerPage.Content.ReadAsStringAsync(Ct));
        using (await victim.GetAsync("/account/login"))
        {
        }

        using var response = await victim.PostFormAsync("/account/login", new Dictionary<string, string>
        {
            [Browser.AntiforgeryFieldName] = token,
            ["userName"] = user.UserName,
            ["password"] = OidcHost.Password,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_return_url_to_another_site_is_replaced_by_the_portal()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();

        using var response = await OidcFlow.LoginAsync(browser, "/account/login?returnUrl=%2F%2Fevil.test%2Fphish", user.UserName, OidcHost.Password);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_user_whose_password_was_reset_must_change_it_before_getting_a_session()
    {
        var user = await host.CreateUserAsync(mustChangePassword: true);
        using var browser = host.NewBrowser();
        var request = OidcFlow.Authorize();
        using var first = await browser.GetAsync(request.Url);
        using var posted = await OidcFlow.LoginAsync(browser, first.Headers.Location!.ToString(), user.UserName, OidcHost.Password);
        var changePage = posted.Headers.Location!.ToString();
        Assert.StartsWith("/account/change-password?returnUrl=", changePage, StringComparison.Ordinal);
        Assert.Null(await SessionOfAsync(browser));
        using (var skipped = await browser.GetAsync(request.Url))
        {
            Assert.StartsWith("/account/login", skipped.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        using var weak = await browser.SubmitAsync(changePage, "/account/change-password", PasswordFields(OidcHost.Password, "short"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        using var changed = await browser.SubmitAsync(changePage, "/account/change-password", PasswordFields(OidcHost.Password, "N3w!Passw0rd"));

        Assert.Equal(HttpStatusCode.SeeOther, changed.StatusCode);
        using var back = await browser.GetAsync(changed.Headers.Location!.ToString());
        Assert.True(Browser.LocationQuery(back).ContainsKey("code"));
        var account = await host.WithScopeAsync(async services =>
            await services.GetRequiredService<IdentityDb>().Users.AsNoTracking().SingleAsync(u => u.Id == user.Id, Ct));
        Assert.False(account.MustChangePassword);
        Assert.NotNull(account.PasswordChangedAt);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_users_other_sessions_but_keeps_this_one()
    {
        var user = await host.CreateUserAsync();
        using var here = host.NewBrowser();
        using var elsewhere = host.NewBrowser();
        await OidcFlow.GetCodeAsync(here, OidcFlow.Authorize(), user);
        await OidcFlow.GetCodeAsync(elsewhere, OidcFlow.Authorize(), user);

        using var changed = await here.SubmitAsync("/account/change-password", "/account/change-password", PasswordFields(OidcHost.Password, "An0ther!Passw0rd"));

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotNull(await SessionOfAsync(here));
        Assert.Null(await SessionOfAsync(elsewhere));
    }

    [Fact]
    public async Task An_administrator_without_totp_must_enrol_before_getting_a_session_and_then_signs_in_with_a_code()
    {
        var admin = await host.CreateUserAsync([PlatformRoles.RegionAdmin]);
        using var browser = host.NewBrowser();
        var request = OidcFlow.Authorize();
        using var first = await browser.GetAsync(request.Url);
        using var posted = await OidcFlow.LoginAsync(browser, first.Headers.Location!.ToString(), admin.UserName, OidcHost.Password);
        var setup = posted.Headers.Location!.ToString();
        Assert.StartsWith("/account/totp/setup?returnUrl=", setup, StringComparison.Ordinal);
        Assert.Null(await SessionOfAsync(browser));

        using var setupPage = await browser.GetAsync(setup);
        var html = await setupPage.Content.ReadAsStringAsync(Ct);
        var key = KeyPattern().Match(html).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains("otpauth://totp/", html, StringComparison.Ordinal);
        using var wrong = await browser.PostFormAsync("/account/totp/setup", Browser.WithToken(html, new Dictionary<string, string> { ["code"] = "000000" }));
        Assert.Null(await SessionOfAsync(browser));
        using var enrolled = await browser.PostFormAsync("/account/totp/setup", Browser.WithToken(html, new Dictionary<string, string>
        {
            ["code"] = Totp.Code(key, DateTimeOffset.UtcNow),
        }));
        Assert.Equal(HttpStatusCode.SeeOther, enrolled.StatusCode);
        using var back = await browser.GetAsync(enrolled.Headers.Location!.ToString());
        Assert.True(Browser.LocationQuery(back).ContainsKey("code"));
        Assert.Equal("pwd otp", (await SessionOfAsync(browser))!.Amr);

        using var next = host.NewBrowser();
        var again = OidcFlow.Authorize();
        using var start = await next.GetAsync(again.Url);
        using var password = await OidcFlow.LoginAsync(next, start.Headers.Location!.ToString(), admin.UserName, OidcHost.Password);
        var totpPage = password.Headers.Location!.ToString();
        Assert.StartsWith("/account/totp?returnUrl=", totpPage, StringComparison.Ordinal);
        Assert.Null(await SessionOfAsync(next));
        using var wrongCode = await next.SubmitAsync(totpPage, "/account/totp", new Dictionary<string, string> { ["code"] = "000000" });
        Assert.Contains("动态码不正确", await wrongCode.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var verified = await next.SubmitAsync(totpPage, "/account/totp", new Dictionary<string, string> { ["code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.SeeOther, verified.StatusCode);
        Assert.NotNull(await SessionOfAsync(next));
    }

    [Fact]
    public async Task A_signed_in_user_may_enrol_totp_and_is_then_asked_for_a_code_at_the_next_sign_in()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        await OidcFlow.GetCodeAsync(browser, OidcFlow.Authorize(), user);
        using var setupPage = await browser.GetAsync("/account/totp/setup");
        var html = await setupPage.Content.ReadAsStringAsync(Ct);
        var key = KeyPattern().Match(html).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);

        using var enrolled = await browser.PostFormAsync("/account/totp/setup", Browser.WithToken(html, new Dictionary<string, string>
        {
            ["code"] = Totp.Code(key, DateTimeOffset.UtcNow),
        }));

        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.NotNull(await SessionOfAsync(browser));
        using var next = host.NewBrowser();
        using var posted = await OidcFlow.LoginAsync(next, "/account/login", user.UserName, OidcHost.Password);
        Assert.StartsWith("/account/totp?returnUrl=", posted.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partial_sign_in_is_not_a_session_for_authorize()
    {
        var admin = await host.CreateUserAsync([PlatformRoles.PlatformOperator]);
        using var browser = host.NewBrowser();
        var request = OidcFlow.Authorize(extra: new Dictionary<string, string?> { ["prompt"] = "none" });
        using (await OidcFlow.LoginAsync(browser, "/account/login", admin.UserName, OidcHost.Password))
        {
        }

        using var response = await browser.GetAsync(request.Url);

        Assert.Equal("login_required", Browser.LocationQuery(response)["error"]);
    }

    [Fact]
    public async Task Pages_load_their_stylesheet_from_a_file_and_carry_no_inline_script_or_style()
    {
        using var browser = host.NewBrowser();

        using var page = await browser.GetAsync("/account/login");
        using var css = await browser.GetAsync("/account/static/site.css");

        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("href=\"/account/static/site.css\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    private static Dictionary<string, string> PasswordFields(string current, string replacement) => new()
    {
        ["currentPassword"] = current,
        ["newPassword"] = replacement,
        ["confirmPassword"] = replacement,
    };

    private static async Task<string> PostLoginAsync(Browser browser, string userName, string password)
    {
        using var response = await OidcFlow.LoginAsync(browser, "/account/login", userName, password);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private static string? Message(string html) => MessagePattern().Match(html) is { Success: true } match ? System.Net.WebUtility.HtmlDecode(match.Groups[1].Value) : null;

    /// <summary>The browser's valid SSO session, as identity itself would find it.</summary>
    private async Task<SsoSession?> SessionOfAsync(Browser browser)
    {
        var cookie = browser.Cookies.GetCookies(Browser.BaseAddress)[SessionManager.SessionCookieName];
        if (cookie is null)
        {
            return null;
        }
        await using var scope = host.Services.CreateAsyncScope();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Cookie = $"{cookie.Name}={cookie.Value}";
        var sessions = context.RequestServices.GetRequiredService<SessionManager>();
        return (await sessions.GetCurrentAsync(context))?.Session;
    }

    [GeneratedRegex("<p class=\"message error\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex MessagePattern();

    [GeneratedRegex("<code class=\"secret\" id=\"totp-key\">([^<]*)</code>")]
    private static partial Regex KeyPattern();
}
