using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.Identity.Directory;
using Platform.Identity.Infrastructure;
using Platform.Identity.Oidc;
using Platform.Identity.Oidc.Sessions;

namespace Platform.Identity.Account;

/// <summary>Who is on a sign-in page: half-way through a sign-in (password accepted), or signed in with a session.</summary>
public sealed record LoginSubject(PlatformUser User, string Amr, CurrentSession? Session)
{
    public bool IsPartial => Session is null;

    public bool HasOtp => Amr.Split(' ').Contains(LoginFlow.OtpMethod);
}

/// <summary>
/// The steps after a correct password, in order: a forced password change, the TOTP code when the user has a second
/// factor, TOTP enrolment when an administrator has none; then the SSO session. Until then the browser holds only a
/// short-lived partial cookie (user id, security stamp, methods passed) that no OIDC endpoint accepts.
/// </summary>
public sealed class LoginFlow(SessionManager sessions, UserManager<PlatformUser> users, IdentityDb db, OidcOptions options, TimeProvider time)
{
    public const string PasswordMethod = "pwd";
    public const string OtpMethod = "otp";

    private const string StampClaim = "stamp";
    private const string AmrClaim = "amr";

    /// <summary>Sends the browser to the next step, or signs it in and back to <paramref name="returnUrl"/>.</summary>
    public async Task<IResult> ContinueAsync(HttpContext context, PlatformUser user, string amr, string returnUrl)
    {
        var next = await NextStepAsync(user, amr);
        if (next is null)
        {
            await sessions.SignInAsync(context, user, amr);
            return Html.SeeOther(context, returnUrl);
        }
        await IssuePartialAsync(context, user, amr);
        return Html.SeeOther(context, LoginUrls.With(next, returnUrl));
    }

    /// <summary>The path of the next step, or null when the user may have a session.</summary>
    public async Task<string?> NextStepAsync(PlatformUser user, string amr)
    {
        if (user.MustChangePassword)
        {
            return LoginUrls.ChangePassword;
        }
        if (user.TwoFactorEnabled)
        {
            return amr.Split(' ').Contains(OtpMethod) ? null : LoginUrls.Totp;
        }
        var roles = await db.UserRoles.AsNoTracking().Where(r => r.UserId == user.Id).Select(r => r.Role).ToListAsync();
        return roles.Any(PlatformRoles.IsAdministrator) ? LoginUrls.TotpSetup : null;
    }

    /// <summary>The signed-in user (session) or, when <paramref name="allowPartial"/>, the half-signed-in one.</summary>
    public async Task<LoginSubject?> GetSubjectAsync(HttpContext context, bool allowPartial)
    {
        if (allowPartial)
        {
            var partial = await context.AuthenticateAsync(SessionManager.PartialScheme);
            if (partial.Succeeded && Guid.TryParse(partial.Principal.FindFirstValue(PlatformClaims.Subject), out var userId))
            {
                var user = await users.FindByIdAsync(userId.ToString());
                if (user is { IsActive: true } && user.SecurityStamp == partial.Principal.FindFirstValue(StampClaim))
                {
                    return new LoginSubject(user, partial.Principal.FindFirstValue(AmrClaim) ?? PasswordMethod, null);
                }
            }
        }
        var current = await sessions.GetCurrentAsync(context);
        if (current is null)
        {
            return null;
        }
        // A tracked instance, so the page may change it through UserManager.
        var tracked = await users.FindByIdAsync(current.User.Id.ToString());
        return tracked is null ? null : new LoginSubject(tracked, current.Session.Amr, current);
    }

    public static string AddMethod(string amr, string method) =>
        amr.Split(' ').Contains(method) ? amr : $"{amr} {method}";

    /// <summary>
    /// After the user's own change of security stamp (password, authenticator key): the partial cookie is issued again
    /// with the new stamp, or the session and its grants adopt it (ending the user's other sessions).
    /// </summary>
    public async Task KeepSignedInAsync(HttpContext context, LoginSubject subject)
    {
        if (subject.Session is null)
        {
            await IssuePartialAsync(context, subject.User, subject.Amr);
        }
        else
        {
            await sessions.AdoptSecurityStampAsync(subject.Session, subject.User.SecurityStamp ?? "", context.RequestAborted);
        }
    }

    private async Task IssuePartialAsync(HttpContext context, PlatformUser user, string amr)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(PlatformClaims.Subject, user.Id.ToString()),
                new Claim(StampClaim, user.SecurityStamp ?? ""),
                new Claim(AmrClaim, amr),
            ],
            SessionManager.PartialScheme);
        var now = time.GetUtcNow();
        await context.SignInAsync(SessionManager.PartialScheme, new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            IsPersistent = false,
            AllowRefresh = false,
            IssuedUtc = now,
            ExpiresUtc = now + options.PartialLoginLifetime,
        });
    }
}
