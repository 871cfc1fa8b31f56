using Microsoft.AspNetCore.WebUtilities;

namespace Platform.Identity.Account;

/// <summary>The sign-in pages' paths, and the one rule for where they may send the browser afterwards.</summary>
public static class LoginUrls
{
    public const string Login = "/account/login";
    public const string ChangePassword = "/account/change-password";
    public const string Totp = "/account/totp";
    public const string TotpSetup = "/account/totp/setup";
    public const string Logout = "/account/logout";
    public const string LoggedOut = "/account/logged-out";

    /// <summary>
    /// Only a path on this site (<c>/…</c>, not <c>//host</c> or <c>/\host</c>, no control characters); anything
    /// else becomes <c>/</c> (the portal), so a crafted link cannot bounce a fresh sign-in to another site.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 4096 || returnUrl[0] != '/')
        {
            return "/";
        }
        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\'))
        {
            return "/";
        }
        return returnUrl.Any(char.IsControl) ? "/" : returnUrl;
    }

    public static string With(string path, string returnUrl) => QueryHelpers.AddQueryString(path, "returnUrl", returnUrl);
}
