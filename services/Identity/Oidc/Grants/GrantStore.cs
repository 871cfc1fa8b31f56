using Microsoft.EntityFrameworkCore;
using Platform.Identity.Infrastructure;
using Platform.Identity.Oidc.Protocol;

namespace Platform.Identity.Oidc.Grants;

/// <summary>
/// Codes, refresh tokens and token families in identitydb. Redeeming a code or a refresh token is an atomic
/// conditional update, so of two concurrent redemptions exactly one wins and the other sees a consumed handle.
/// </summary>
public sealed class GrantStore(IdentityDb db, TimeProvider time, OidcOptions options)
{
    public DbSet<TokenFamily> Families => db.Set<TokenFamily>();

    public async Task<TokenFamily?> FindFamilyAsync(Guid id, CancellationToken cancellationToken) =>
        await Families.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);

    /// <summary>Creates the family and its code; returns the code handle (only its hash is stored).</summary>
    public async Task<string> CreateCodeAsync(TokenFamily family, string redirectUri, string codeChallenge, string? nonce, CancellationToken cancellationToken)
    {
        var code = Secrets.NewHandle();
        var now = time.GetUtcNow();
        db.Add(family);
        db.Add(new AuthorizationCode
        {
            CodeHash = Secrets.Hash(code),
            FamilyId = family.Id,
            ClientId = family.ClientId,
            RedirectUri = redirectUri,
            CodeChallenge = codeChallenge,
            Nonce = nonce,
            CreatedAt = now,
            ExpiresAt = now + options.AuthorizationCodeLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return code;
    }

    /// <summary>Marks the code used. <see cref="Redemption{T}.AlreadyUsed"/>: it had been used before (a replay).</summary>
    public async Task<Redemption<AuthorizationCode>?> RedeemCodeAsync(string code, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(code);
        var record = await db.Set<AuthorizationCode>().AsNoTracking().FirstOrDefaultAsync(c => c.CodeHash == hash, cancellationToken);
        if (record is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var won = await db.Set<AuthorizationCode>()
            .Where(c => c.CodeHash == hash && c.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, now), cancellationToken);
        return new Redemption<AuthorizationCode>(record, won == 0, won == 0 ? record.ConsumedAt ?? now : null);
    }

    /// <summary>A new refresh token in <paramref name="family"/>, sliding but never past the family's absolute end.</summary>
    public async Task<(string Token, DateTimeOffset ExpiresAt)> CreateRefreshTokenAsync(TokenFamily family, CancellationToken cancellationToken)
    {
        var token = Secrets.NewHandle();
        var now = time.GetUtcNow();
        var sliding = now + options.RefreshSlidingLifetime;
        var expiresAt = sliding < family.AbsoluteExpiresAt ? sliding : family.AbsoluteExpiresAt;
        db.Add(new RefreshTokenRecord { TokenHash = Secrets.Hash(token), FamilyId = family.Id, CreatedAt = now, ExpiresAt = expiresAt });
        await db.SaveChangesAsync(cancellationToken);
        return (token, expiresAt);
    }

    /// <summary>
    /// Marks the refresh token used. When it had been used already, <see cref="Redemption{T}.FirstUsedAt"/> says when,
    /// so the caller can tell a concurrent duplicate (within the grace) from a replay.
    /// </summary>
    public async Task<Redemption<RefreshTokenRecord>?> RedeemRefreshTokenAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(token);
        var now = time.GetUtcNow();
        var won = await db.Set<RefreshTokenRecord>()
            .Where(t => t.TokenHash == hash && t.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsumedAt, now), cancellationToken);
        var record = await db.Set<RefreshTokenRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (record is null)
        {
            return null;
        }
        return new Redemption<RefreshTokenRecord>(record, won == 0, won == 0 ? record.ConsumedAt : null);
    }

    public async Task<RefreshTokenRecord?> FindRefreshTokenAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(token);
        return await db.Set<RefreshTokenRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
    }

    /// <summary>Revokes the family: its refresh tokens stop working and its access tokens turn inactive.</summary>
    public Task RevokeFamilyAsync(Guid familyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return Families.Where(f => f.Id == familyId && f.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now), cancellationToken);
    }

    /// <summary>Revokes every family issued under an SSO session (logout).</summary>
    public Task RevokeSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return Families.Where(f => f.SessionId == sessionId && f.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now), cancellationToken);
    }

    /// <summary>The user's own action changed the security stamp: the families of the current session follow it.</summary>
    public Task AdoptSecurityStampAsync(string sessionId, string securityStamp, CancellationToken cancellationToken) =>
        Families.Where(f => f.SessionId == sessionId && f.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.SecurityStamp, securityStamp), cancellationToken);

    public async Task RecordAccessTokenAsync(string jti, Guid? familyId, string clientId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        db.Add(new AccessTokenRecord { Jti = jti, FamilyId = familyId, ClientId = clientId, ExpiresAt = expiresAt });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>RFC 7009 for an access token: remembered as revoked until it would have expired anyway.</summary>
    public async Task RevokeAccessTokenAsync(string jti, string clientId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var updated = await db.Set<AccessTokenRecord>().Where(t => t.Jti == jti && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        if (updated == 0 && !await db.Set<AccessTokenRecord>().AnyAsync(t => t.Jti == jti, cancellationToken))
        {
            var record = db.Add(new AccessTokenRecord { Jti = jti, ClientId = clientId, ExpiresAt = expiresAt, RevokedAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // revoked concurrently: the outcome is the same
                record.State = EntityState.Detached;
            }
        }
    }

    /// <summary>False when the access token was revoked, directly or with its family.</summary>
    public async Task<bool> IsAccessTokenActiveAsync(string jti, CancellationToken cancellationToken)
    {
        var state = await db.Set<AccessTokenRecord>().AsNoTracking()
            .Where(t => t.Jti == jti)
            .Select(t => new
            {
                t.RevokedAt,
                FamilyRevokedAt = db.Set<TokenFamily>().Where(f => f.Id == t.FamilyId).Select(f => f.RevokedAt).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return state is null || (state.RevokedAt is null && state.FamilyRevokedAt is null);
    }

    /// <summary>Deletes what can no longer be used; codes are kept a day past expiry so a late replay still revokes.</summary>
    public async Task DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dayAgo = now.AddDays(-1);
        await db.Set<AuthorizationCode>().Where(c => c.ExpiresAt < dayAgo).ExecuteDeleteAsync(cancellationToken);
        await db.Set<RefreshTokenRecord>().Where(t => t.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        await db.Set<AccessTokenRecord>().Where(t => t.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        await Families.Where(f => f.AbsoluteExpiresAt < dayAgo).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Sessions.SsoSession>().Where(s => s.ExpiresAt < dayAgo).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>A code or refresh token found by its handle. <see cref="AlreadyUsed"/>: someone redeemed it before.</summary>
public sealed record Redemption<T>(T Record, bool AlreadyUsed, DateTimeOffset? FirstUsedAt);
