using Microsoft.AspNetCore.Antiforgery;
using Platform.Identity.Oidc.Sessions;

namespace Platform.Identity.Account;

/// <summary>
/// <c>/account/logout</c>: a confirmation page (GET) and the anti-forgery-checked POST that ends the SSO session
/// everywhere with its refresh tokens; the "已退出" page.
/// </summary>
public static class LogoutPages
{
    public static async Task<IResult> Show(HttpContext context, IAntiforgery antiforgery, SessionManager sessions) =>
        await sessions.GetCurrentAsync(context) is null ? LoggedOut(context) : Confirm(context, antiforgery);

    public static async Task<IResult> Submit(HttpContext context, IAntiforgery antiforgery, SessionManager sessions)
    {
        if (await AccountForms.ReadAsync(context, antiforgery) is null)
        {
            return AccountForms.Forged(context);
        }
        await sessions.SignOutAsync(context);
        return LoggedOut(context);
    }

    public static IResult Confirm(HttpContext context, IAntiforgery antiforgery) =>
        Html.Page(context, "退出登录", Html.Paragraph("确定要退出预算绩效管理平台吗？退出后所有应用都需要重新登录。")
            + Html.Form(context, antiforgery, LoginUrls.Logout, "", "退出登录"));

    public static IResult LoggedOut(HttpContext context, string? notice = null) =>
        Html.Page(context, "已退出", Html.Message(notice, "info") + Html.Paragraph("您已安全退出。可以关闭此页面，或返回应用重新登录。")
            + """<p><a href="/">返回平台首页</a></p>""");
}
