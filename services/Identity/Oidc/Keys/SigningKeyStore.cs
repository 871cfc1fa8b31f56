using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Infrastructure;

namespace Platform.Identity.Oidc.Keys;

/// <summary>
/// The token signing keys in identitydb, shared by every replica. Reads are cached for <c>Identity:Keys:CacheDuration</c>
/// (the signing key is chosen from the cached set at each call, so a new key takes over exactly at its activation);
/// keys are created only by <see cref="EnsureKeysAsync"/>, under a PostgreSQL advisory lock, never per request.
/// </summary>
public sealed class SigningKeyStore(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    TimeProvider time,
    OidcOptions options,
    ILogger<SigningKeyStore> logger)
{
    /// <summary>Advisory lock serialising key creation across replicas ("OIDCKEYS").</summary>
    public const long AdvisoryLockKey = 0x4F49_4443_4B45_5953;

    private const string ProtectorPurpose = "Platform.Identity.Oidc.SigningKeys.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(ProtectorPurpose);
    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly ConcurrentDictionary<string, SigningKey> _materialised = new(StringComparer.Ordinal);
    private volatile KeySet? _current;

    public async ValueTask<KeySet> GetKeysAsync(CancellationToken cancellationToken = default)
    {
        var set = _current;
        if (IsFresh(set))
        {
            return set!;
        }
        await _reload.WaitAsync(cancellationToken);
        try
        {
            set = _current;
            if (!IsFresh(set))
            {
                set = await LoadAsync(cancellationToken);
                _current = set;
            }
            return set!;
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>The key that signs now; creates the first key if there is none yet.</summary>
    public async ValueTask<SigningKey> GetSigningKeyAsync(CancellationToken cancellationToken = default)
    {
        var key = (await GetKeysAsync(cancellationToken)).SigningKeyAt(time.GetUtcNow());
        if (key is not null)
        {
            return key;
        }
        await EnsureKeysAsync(cancellationToken);
        return (await GetKeysAsync(cancellationToken)).SigningKeyAt(time.GetUtcNow())
            ?? throw new InvalidOperationException(
                "No usable token signing key: the private keys in identitydb cannot be unprotected. Every identity replica must share the Data Protection key ring in identitydb.");
    }

    /// <summary>Forgets the cached keys so the next read goes to the database (e.g. a token names an unknown kid).</summary>
    public void Invalidate() => _current = null;

    /// <summary>
    /// Applies <see cref="KeyRotationPolicy"/> under the advisory lock: creates the first key or the next one when due,
    /// retires the one it replaces, and deletes keys that left the JWKS.
    /// </summary>
    public async Task EnsureKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
            var now = time.GetUtcNow();
            var records = await db.Set<SigningKeyRecord>().ToListAsync(ct);
            db.RemoveRange(records.Where(r => r.ExpiresAt <= now));
            var plan = KeyRotationPolicy.Decide([.. records.Select(Timeline)], now, options);
            if (plan is not null)
            {
                foreach (var retirement in plan.Retirements)
                {
                    var retiring = records.Single(r => r.Kid == retirement.Kid);
                    retiring.RetiresAt = retirement.RetiresAt;
                    retiring.ExpiresAt = retirement.ExpiresAt;
                }
                var created = Create(now, plan.NewKeyActivatesAt);
                db.Add(created);
                logger.LogInformation("Created token signing key {Kid}, signing from {ActivatesAt}", created.Kid, created.ActivatesAt);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        Invalidate();
    }

    private bool IsFresh(KeySet? set)
    {
        if (set is null)
        {
            return false;
        }
        var age = time.GetUtcNow() - set.LoadedAt;
        return age >= TimeSpan.Zero && age < options.KeyCacheDuration;
    }

    private async Task<KeySet> LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        var records = await db.Set<SigningKeyRecord>().AsNoTracking()
            .Where(k => k.ExpiresAt == null || k.ExpiresAt > now)
            .ToListAsync(cancellationToken);
        var keys = records.Select(Materialise).ToList();
        return new KeySet(now, keys);
    }

    private SigningKey Materialise(SigningKeyRecord record)
    {
        var timeline = Timeline(record);
        if (_materialised.TryGetValue(record.Kid, out var known) && known.Timeline == timeline && known.Credentials is not null)
        {
            return known;
        }
        var publicParameters = new RSAParameters
        {
            Modulus = Base64UrlEncoder.DecodeBytes(record.Modulus),
            Exponent = Base64UrlEncoder.DecodeBytes(record.Exponent),
        };
        RSA? privateKey = null;
        try
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(_protector.Unprotect(Convert.FromBase64String(record.ProtectedPrivateKey)), out _);
            privateKey = rsa;
        }
        catch (CryptographicException ex)
        {
            logger.LogError(ex, "The private part of token signing key {Kid} cannot be unprotected; it is published but cannot sign", record.Kid);
        }
        var key = new SigningKey(timeline, publicParameters, privateKey);
        _materialised[record.Kid] = key;
        return key;
    }

    private SigningKeyRecord Create(DateTimeOffset now, DateTimeOffset activatesAt)
    {
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new SigningKeyRecord
        {
            Kid = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            Algorithm = SecurityAlgorithms.RsaSha256,
            Modulus = Base64UrlEncoder.Encode(parameters.Modulus!),
            Exponent = Base64UrlEncoder.Encode(parameters.Exponent!),
            ProtectedPrivateKey = Convert.ToBase64String(_protector.Protect(rsa.ExportPkcs8PrivateKey())),
            CreatedAt = now,
            ActivatesAt = activatesAt,
        };
    }

    private static KeyTimeline Timeline(SigningKeyRecord record) =>
        new(record.Kid, record.CreatedAt, record.ActivatesAt, record.RetiresAt, record.ExpiresAt);
}
