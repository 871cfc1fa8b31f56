using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Platform.Identity.Directory;
using Platform.Identity.Infrastructure;
using Platform.Identity.Oidc.Endpoints;
using Platform.Identity.Oidc.Protocol;

namespace Platform.Identity.Account;

/// <summary>
/// <c>/account/login</c>: user name and password. Unknown user, wrong password, locked or disabled account all get the
/// same message after the same work (a password hash is always verified), so the page never tells whether an account
/// exists. Five failures lock the account for 15 minutes (ASP.NET Core Identity's lockout).
/// </summary>
public static class LoginEndpoints
{
    public const string FailureMessage = "用户名或密码错误，或账户已被暂时锁定。";

    private static readonly PlatformUser DummyUser = new() { UserName = "dummy" };
    private static string? _dummyHash;

    public static IResult Show(HttpContext context, IAntiforgery antiforgery, string? returnUrl)
    {
        var target = LoginUrls.SafeReturnUrl(returnUrl);
        return Page(context, antiforgery, target, LoginHint(target), null);
    }

    public static async Task<IResult> Submit(
        HttpContext context, IAntiforgery antiforgery, UserManager<PlatformUser> users, IPasswordHasher<PlatformUser> hasher,
        IdentityDb db, OidcRateLimits limits, LoginFlow flow)
    {
        var form = await AccountForms.ReadAsync(context, antiforgery);
        if (form is null)
        {
            return AccountForms.Forged(context);
        }
        var userName = AccountForms.Field(form, "userName");
        var password = form["password"].ToString();
        var returnUrl = LoginUrls.SafeReturnUrl(form["returnUrl"]);
        if (limits.TryLogin(ClientAddress.Of(context), userName) is { } retryAfter)
        {
            return AccountForms.TooManyAttempts(context, retryAfter);
        }
        if (userName.Length == 0 || password.Length == 0)
        {
            return Page(context, antiforgery, returnUrl, userName, "请输入用户名和密码。");
        }

        var user = userName.Length <= 64 ? await users.FindByNameAsync(userName) : null;
        if (user is null || await users.IsLockedOutAsync(user))
        {
            VerifyDummy(hasher, password);
            return Failed(context, antiforgery, returnUrl, userName);
        }
        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            return Failed(context, antiforgery, returnUrl, userName);
        }
        var organisationActive = await db.Organisations.IgnoreQueryFilters()
            .AnyAsync(o => o.Id == user.OrganisationId && o.IsActive, context.RequestAborted);
        if (!user.IsActive || !organisationActive)
        {
            return Failed(context, antiforgery, returnUrl, userName);
        }
        await users.ResetAccessFailedCountAsync(user);
        return await flow.ContinueAsync(context, user, LoginFlow.PasswordMethod, returnUrl);
    }

    private static IResult Failed(HttpContext context, IAntiforgery antiforgery, string returnUrl, string userName) =>
        Page(context, antiforgery, returnUrl, userName, FailureMessage);

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, string returnUrl, string? userName, string? error)
    {
        var fields = Html.Hidden("returnUrl", returnUrl)
            + Html.Input("userName", "用户名", value: userName, autocomplete: "username", autofocus: string.IsNullOrEmpty(userName))
            + Html.Input("password", "密码", type: "password", autocomplete: "current-password", autofocus: !string.IsNullOrEmpty(userName));
        return Html.Page(context, "登录", Html.Message(error) + Html.Form(context, antiforgery, LoginUrls.Login, fields, "登录"));
    }

    /// <summary>The authorize request's <c>login_hint</c>, when the sign-in was started by one.</summary>
    private static string? LoginHint(string returnUrl)
    {
        if (!returnUrl.StartsWith(AuthorizeEndpoint.Path + "?", StringComparison.Ordinal))
        {
            return null;
        }
        var query = QueryHelpers.ParseQuery(returnUrl[AuthorizeEndpoint.Path.Length..]);
        return query.TryGetValue("login_hint", out var hint) && hint.Count == 1 && hint[0]!.Length <= 64 ? hint[0] : null;
    }

    /// <summary>Spends the time of a real verification, so an unknown or locked account is not faster to answer.</summary>
    private static void VerifyDummy(IPasswordHasher<PlatformUser> hasher, string password)
    {
        _dummyHash ??= hasher.HashPassword(DummyUser, Secrets.NewHandle());
        hasher.VerifyHashedPassword(DummyUser, _dummyHash, password);
    }
}
