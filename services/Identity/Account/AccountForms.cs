using Microsoft.AspNetCore.Antiforgery;

namespace Platform.Identity.Account;

/// <summary>Reading a sign-in page's form: anti-forgery first, so a forged post changes nothing.</summary>
public static class AccountForms
{
    /// <summary>The form, or null when its anti-forgery token is missing or wrong (the caller answers 400).</summary>
    public static async Task<IFormCollection?> ReadAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return null;
        }
        return await context.Request.ReadFormAsync(context.RequestAborted);
    }

    public static IResult Forged(HttpContext context) => Html.Page(context, "请求无效",
        Html.Message("页面已过期或请求来源不可信，请刷新页面后重试。"), StatusCodes.Status400BadRequest);

    public static IResult TooManyAttempts(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Html.Page(context, "操作过于频繁", Html.Message($"尝试次数过多，请{seconds}秒后再试。"), StatusCodes.Status429TooManyRequests);
    }

    public static string Field(IFormCollection form, string name) => form[name].ToString().Trim();
}
