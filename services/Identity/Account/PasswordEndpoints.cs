using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Platform.Identity.Directory;

namespace Platform.Identity.Account;

/// <summary>
/// <c>/account/change-password</c>: for a signed-in user, or forced in the middle of a sign-in after an administrator
/// created the account or reset its password. The policy's messages come from Identity's error describer; the new
/// security stamp ends the user's other sessions.
/// </summary>
public static class PasswordEndpoints
{
    public static async Task<IResult> Show(HttpContext context, IAntiforgery antiforgery, LoginFlow flow, string? returnUrl)
    {
        var target = LoginUrls.SafeReturnUrl(returnUrl);
        var subject = await flow.GetSubjectAsync(context, allowPartial: true);
        return subject is null
            ? Results.Redirect(LoginUrls.With(LoginUrls.Login, target))
            : Page(context, antiforgery, subject, target, []);
    }

    public static async Task<IResult> Submit(
        HttpContext context, IAntiforgery antiforgery, LoginFlow flow, UserManager<PlatformUser> users, TimeProvider time)
    {
        var form = await AccountForms.ReadAsync(context, antiforgery);
        if (form is null)
        {
            return AccountForms.Forged(context);
        }
        var returnUrl = LoginUrls.SafeReturnUrl(form["returnUrl"]);
        var subject = await flow.GetSubjectAsync(context, allowPartial: true);
        if (subject is null)
        {
            return Html.SeeOther(context, LoginUrls.With(LoginUrls.Login, returnUrl));
        }
        var current = form["currentPassword"].ToString();
        var replacement = form["newPassword"].ToString();
        var confirmation = form["confirmPassword"].ToString();
        if (current.Length == 0 || replacement.Length == 0)
        {
            return Page(context, antiforgery, subject, returnUrl, ["请填写当前密码和新密码。"]);
        }
        if (replacement != confirmation)
        {
            return Page(context, antiforgery, subject, returnUrl, ["两次输入的新密码不一致。"]);
        }
        if (replacement == current)
        {
            return Page(context, antiforgery, subject, returnUrl, ["新密码不能与当前密码相同。"]);
        }
        var user = subject.User;
        if (await users.IsLockedOutAsync(user))
        {
            return Page(context, antiforgery, subject, returnUrl, ["账户已被暂时锁定，请稍后再试。"]);
        }
        var result = await users.ChangePasswordAsync(user, current, replacement);
        if (!result.Succeeded)
        {
            var mismatch = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
            if (mismatch)
            {
                await users.AccessFailedAsync(user);
            }
            var messages = result.Errors.Select(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "当前密码不正确。" : e.Description);
            return Page(context, antiforgery, subject, returnUrl, [.. messages]);
        }
        user.MustChangePassword = false;
        user.PasswordChangedAt = time.GetUtcNow();
        await users.UpdateAsync(user);
        await users.ResetAccessFailedCountAsync(user);

        if (subject.IsPartial)
        {
            return await flow.ContinueAsync(context, user, subject.Amr, returnUrl);
        }
        await flow.KeepSignedInAsync(context, subject);
        return Html.Page(context, "密码已修改",
            Html.Message("密码已修改。您在其他设备或浏览器上的登录已失效。", "info")
            + $"""<p><a href="{Html.Encode(returnUrl)}">返回</a></p>""");
    }

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, LoginSubject subject, string returnUrl, IReadOnlyList<string> errors)
    {
        var notice = subject.IsPartial && subject.User.MustChangePassword
            ? Html.Message("首次登录或密码已被管理员重置，请先设置新密码。", "info")
            : "";
        var fields = Html.Hidden("returnUrl", returnUrl)
            + Html.Input("currentPassword", "当前密码", type: "password", autocomplete: "current-password", autofocus: true)
            + Html.Input("newPassword", "新密码", type: "password", autocomplete: "new-password")
            + Html.Input("confirmPassword", "再次输入新密码", type: "password", autocomplete: "new-password")
            + $"""<p class="hint">{Html.Encode(PolicyHint(context.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.Password))}</p>""";
        return Html.Page(context, "修改密码", notice + Html.Messages(errors) + Html.Form(context, antiforgery, LoginUrls.ChangePassword, fields, "确认修改"),
            errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    /// <summary>The password policy in words, from the configured Identity options.</summary>
    public static string PolicyHint(PasswordOptions policy)
    {
        var kinds = new List<string>();
        if (policy.RequireUppercase)
        {
            kinds.Add("大写字母");
        }
        if (policy.RequireLowercase)
        {
            kinds.Add("小写字母");
        }
        if (policy.RequireDigit)
        {
            kinds.Add("数字");
        }
        if (policy.RequireNonAlphanumeric)
        {
            kinds.Add("符号");
        }
        return kinds.Count == 0
            ? $"密码至少{policy.RequiredLength}位。"
            : $"密码至少{policy.RequiredLength}位，须包含{string.Join("、", kinds)}。";
    }
}
