using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Platform.Identity.Directory;

namespace Platform.Identity.Account;

/// <summary>
/// The TOTP second factor (RFC 6238, ASP.NET Core Identity's authenticator provider): <c>/account/totp</c> asks for
/// the code during sign-in; <c>/account/totp/setup</c> enrols an authenticator app, forced for administrators before
/// their first session, optional for everyone else once signed in. Wrong codes count towards the lockout.
/// </summary>
public static class TotpEndpoints
{
    private const string Issuer = "预算绩效管理平台";

    public static async Task<IResult> ShowCode(HttpContext context, IAntiforgery antiforgery, LoginFlow flow, string? returnUrl)
    {
        var target = LoginUrls.SafeReturnUrl(returnUrl);
        var subject = await flow.GetSubjectAsync(context, allowPartial: true);
        return subject is { IsPartial: true, User.TwoFactorEnabled: true }
            ? CodePage(context, antiforgery, target, null)
            : Results.Redirect(LoginUrls.With(LoginUrls.Login, target));
    }

    public static async Task<IResult> SubmitCode(HttpContext context, IAntiforgery antiforgery, LoginFlow flow, UserManager<PlatformUser> users)
    {
        var form = await AccountForms.ReadAsync(context, antiforgery);
        if (form is null)
        {
            return AccountForms.Forged(context);
        }
        var returnUrl = LoginUrls.SafeReturnUrl(form["returnUrl"]);
        var subject = await flow.GetSubjectAsync(context, allowPartial: true);
        if (subject is not { IsPartial: true, User.TwoFactorEnabled: true })
        {
            return Html.SeeOther(context, LoginUrls.With(LoginUrls.Login, returnUrl));
        }
        var user = subject.User;
        if (await users.IsLockedOutAsync(user))
        {
            return CodePage(context, antiforgery, returnUrl, "账户已被暂时锁定，请稍后再试。");
        }
        if (!await VerifyAsync(users, user, form["code"]))
        {
            await users.AccessFailedAsync(user);
            return CodePage(context, antiforgery, returnUrl, "动态码不正确或已过期。");
        }
        await users.ResetAccessFailedCountAsync(user);
        return await flow.ContinueAsync(context, user, LoginFlow.AddMethod(subject.Amr, LoginFlow.OtpMethod), returnUrl);
    }

    public static async Task<IResult> ShowSetup(HttpContext context, IAntiforgery antiforgery, LoginFlow flow, UserManager<PlatformUser> users, string? returnUrl)
    {
        var target = LoginUrls.SafeReturnUrl(returnUrl);
        var subject = await flow.GetSubjectAsync(context, allowPartial: true);
        if (subject is null)
        {
            return Results.Redirect(LoginUrls.With(LoginUrls.Login, LoginUrls.With(LoginUrls.TotpSetup, target)));
        }
        if (subject.User.TwoFactorEnabled)
        {
            return Html.Page(context, "双因素认证", Html.Message("您的账户已启用双因素认证。", "info") + $"""<p><a href="{Html.Encode(target)}">返回</a></p>""");
        }
        var key = await users.GetAuthenticatorKeyAsync(subject.User);
        if (string.IsNullOrEmpty(key))
        {
            // Resetting the key changes the security stamp; the browser must stay signed in (or half-signed-in).
            await users.ResetAuthenticatorKeyAsync(subject.User);
            await flow.KeepSignedInAsync(context, subject);
            key = await users.GetAuthenticatorKeyAsync(subject.User);
        }
        return SetupPage(context, antiforgery, subject, key!, target, null);
    }

    public static async Task<IResult> SubmitSetup(HttpContext context, IAntiforgery antiforgery, LoginFlow flow, UserManager<PlatformUser> users)
    {
        var form = await AccountForms.ReadAsync(context, antiforgery);
        if (form is null)
        {
            return AccountForms.Forged(context);
        }
        var returnUrl = LoginUrls.SafeReturnUrl(form["returnUrl"]);
        var subject = await flow.GetSubjectAsync(context, allowPartial: true);
        var key = subject is null ? null : await users.GetAuthenticatorKeyAsync(subject.User);
        if (subject is null || subject.User.TwoFactorEnabled || string.IsNullOrEmpty(key))
        {
            return Html.SeeOther(context, LoginUrls.With(LoginUrls.TotpSetup, returnUrl));
        }
        if (!await VerifyAsync(users, subject.User, form["code"]))
        {
            return SetupPage(context, antiforgery, subject, key, returnUrl, "动态码不正确，请核对手机时间后重新输入。");
        }
        await users.SetTwoFactorEnabledAsync(subject.User, true);
        var amr = LoginFlow.AddMethod(subject.Amr, LoginFlow.OtpMethod);
        if (subject.IsPartial)
        {
            return await flow.ContinueAsync(context, subject.User, amr, returnUrl);
        }
        await flow.KeepSignedInAsync(context, subject);
        return Html.Page(context, "双因素认证已启用",
            Html.Message("双因素认证已启用，今后登录时需要输入动态码。", "info") + $"""<p><a href="{Html.Encode(returnUrl)}">返回</a></p>""");
    }

    /// <summary>The otpauth:// URI authenticator apps read (Key Uri Format): issuer, account, secret, 6 digits, 30 s.</summary>
    public static string AuthenticatorUri(string userName, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";

    private static async Task<bool> VerifyAsync(UserManager<PlatformUser> users, PlatformUser user, string? code)
    {
        var digits = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return digits.Length == 6 && digits.All(char.IsAsciiDigit)
            && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits);
    }

    private static IResult CodePage(HttpContext context, IAntiforgery antiforgery, string returnUrl, string? error)
    {
        var fields = Html.Hidden("returnUrl", returnUrl)
            + Html.Input("code", "动态码（6位数字）", autocomplete: "one-time-code", autofocus: true, extra: """ inputmode="numeric" maxlength="7" """.TrimEnd());
        return Html.Page(context, "双因素认证", Html.Paragraph("请输入身份验证器应用中显示的6位动态码。") + Html.Message(error)
            + Html.Form(context, antiforgery, LoginUrls.Totp, fields, "验证"));
    }

    private static IResult SetupPage(HttpContext context, IAntiforgery antiforgery, LoginSubject subject, string key, string returnUrl, string? error)
    {
        var notice = subject.IsPartial
            ? Html.Message("管理员账户必须启用双因素认证后才能登录。", "info")
            : "";
        var fields = Html.Hidden("returnUrl", returnUrl)
            + Html.Input("code", "动态码（6位数字）", autocomplete: "one-time-code", autofocus: true, extra: """ inputmode="numeric" maxlength="7" """.TrimEnd());
        var body = notice
            + Html.Paragraph("1. 在手机上的身份验证器应用（如腾讯身份验证器、Microsoft Authenticator）中添加账户，手动输入以下密钥：")
            + $"""<code class="secret" id="totp-key">{Html.Encode(Grouped(key))}</code>"""
            + Html.Paragraph("或在应用中使用以下地址：")
            + $"""<code class="secret" id="totp-uri">{Html.Encode(AuthenticatorUri(subject.User.UserName ?? "", key))}</code>"""
            + Html.Paragraph("2. 输入应用显示的6位动态码完成绑定：")
            + Html.Message(error)
            + Html.Form(context, antiforgery, LoginUrls.TotpSetup, fields, "启用");
        return Html.Page(context, "绑定身份验证器", body);
    }

    private static string Grouped(string key)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            builder.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return builder.ToString().TrimEnd().ToLowerInvariant();
    }
}
