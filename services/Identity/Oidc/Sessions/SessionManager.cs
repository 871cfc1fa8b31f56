using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.Identity.Directory;
using Platform.Identity.Infrastructure;
using Platform.Identity.Oidc.Grants;
using Platform.Identity.Oidc.Protocol;

namespace Platform.Identity.Oidc.Sessions;

/// <summary>The browser's SSO session as the provider sees it: the session row and the user it belongs to.</summary>
public sealed record CurrentSession(SsoSession Session, PlatformUser User);

/// <summary>
/// Signs browsers in and out. The session cookie carries only the session id (<c>sid</c>); whether the session is
/// still valid (not ended, not expired, the user active with an unchanged security stamp) is read from identitydb on
/// every use, so logout or a password change on one replica counts on all.
/// </summary>
public sealed class SessionManager(IdentityDb db, GrantStore grants, TimeProvider time, OidcOptions options)
{
    public const string SessionScheme = "identity.session";
    public const string PartialScheme = "identity.partial";
    public const string SessionCookieName = "platform.sso";
    public const string PartialCookieName = "platform.sso.partial";

    private const string ItemKey = "oidc.current-session";

    public async Task<CurrentSession?> GetCurrentAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached))
        {
            return cached as CurrentSession;
        }
        var current = await ReadAsync(context);
        context.Items[ItemKey] = current;
        return current;
    }

    /// <summary>A valid session by id, e.g. the <c>sid</c> of an <c>id_token_hint</c>.</summary>
    public async Task<CurrentSession?> FindAsync(string sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var session = await db.Set<SsoSession>().AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == sessionId && s.EndedAt == null && s.ExpiresAt > now, cancellationToken);
        if (session is null)
        {
            return null;
        }
        var user = await db.Users.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(u => u.Id == session.UserId, cancellationToken);
        return user is { IsActive: true } && user.SecurityStamp == session.SecurityStamp ? new CurrentSession(session, user) : null;
    }

    /// <summary>
    /// Starts a session for <paramref name="user"/> (who completed every sign-in step) and sets the cookie. A session of
    /// another user in this browser is ended first.
    /// </summary>
    public async Task SignInAsync(HttpContext context, PlatformUser user, string amr)
    {
        var previous = await GetCurrentAsync(context);
        if (previous is not null && previous.User.Id != user.Id)
        {
            await EndAsync(previous.Session.Id, context.RequestAborted);
        }
        var now = time.GetUtcNow();
        var session = new SsoSession
        {
            Id = Secrets.NewHandle(16),
            UserId = user.Id,
            AuthTime = now,
            Amr = amr,
            SecurityStamp = user.SecurityStamp ?? "",
            CreatedAt = now,
            ExpiresAt = now + options.SessionLifetime,
        };
        db.Add(session);
        await db.SaveChangesAsync(context.RequestAborted);

        var identity = new ClaimsIdentity(
            [new Claim(PlatformClaims.Subject, user.Id.ToString()), new Claim(PlatformClaims.SessionId, session.Id)],
            SessionScheme, PlatformClaims.Subject, PlatformClaims.Role);
        await context.SignInAsync(SessionScheme, new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            IsPersistent = false,
            AllowRefresh = false,
            IssuedUtc = now,
            ExpiresUtc = session.ExpiresAt,
        });
        await context.SignOutAsync(PartialScheme);
        context.Items[ItemKey] = new CurrentSession(session, user);
    }

    /// <summary>Ends the session everywhere and revokes the refresh tokens issued under it.</summary>
    public async Task EndAsync(string sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Set<SsoSession>().Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
        await grants.RevokeSessionAsync(sessionId, cancellationToken);
    }

    /// <summary>Ends this browser's session (if any) and removes its cookies.</summary>
    public async Task SignOutAsync(HttpContext context)
    {
        var current = await GetCurrentAsync(context);
        if (current is not null)
        {
            await EndAsync(current.Session.Id, context.RequestAborted);
        }
        await context.SignOutAsync(SessionScheme);
        await context.SignOutAsync(PartialScheme);
        context.Items[ItemKey] = null;
    }

    /// <summary>
    /// The signed-in user changed their own password or second factor (new security stamp): this session and its
    /// grants follow the new stamp; every other session of the user ends.
    /// </summary>
    public async Task AdoptSecurityStampAsync(CurrentSession current, string securityStamp, CancellationToken cancellationToken)
    {
        await db.Set<SsoSession>().Where(s => s.Id == current.Session.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.SecurityStamp, securityStamp), cancellationToken);
        await grants.AdoptSecurityStampAsync(current.Session.Id, securityStamp, cancellationToken);
    }

    private async Task<CurrentSession?> ReadAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(SessionScheme);
        var sessionId = result.Succeeded ? result.Principal.FindFirstValue(PlatformClaims.SessionId) : null;
        return sessionId is null ? null : await FindAsync(sessionId, context.RequestAborted);
    }
}
