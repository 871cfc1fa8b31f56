namespace Platform.Identity.Oidc.Keys;

/// <summary>When a key signs and whether the next one is due, as data (the store applies it under a database lock).</summary>
public sealed record KeyTimeline(string Kid, DateTimeOffset CreatedAt, DateTimeOffset ActivatesAt, DateTimeOffset? RetiresAt, DateTimeOffset? ExpiresAt)
{
    public bool IsPublishedAt(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;

    public bool CanSignAt(DateTimeOffset now) => ActivatesAt <= now && (RetiresAt is null || RetiresAt > now) && IsPublishedAt(now);
}

/// <summary>What a rotation check decided: a new key (activating when) and the keys it replaces.</summary>
public sealed record KeyRotationPlan(DateTimeOffset NewKeyActivatesAt, IReadOnlyList<KeyRetirement> Retirements);

/// <summary>A key stops signing at <paramref name="RetiresAt"/> and leaves the JWKS at <paramref name="ExpiresAt"/>.</summary>
public sealed record KeyRetirement(string Kid, DateTimeOffset RetiresAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Duende-style automatic key management. A key signs for <c>RotationInterval</c>; its successor is created
/// <c>PropagationTime</c> before that, published at once but signing only from its activation; the old key then
/// stays published for <c>RetentionDuration</c> after it stops signing.
/// </summary>
public static class KeyRotationPolicy
{
    /// <summary>The key that signs at <paramref name="now"/>: the most recently activated one still allowed to sign.</summary>
    public static T? SigningKey<T>(IEnumerable<T> keys, DateTimeOffset now, Func<T, KeyTimeline> timeline) where T : class =>
        keys.Where(k => timeline(k).CanSignAt(now)).MaxBy(k => timeline(k).ActivatesAt);

    /// <summary>Null when nothing is due.</summary>
    public static KeyRotationPlan? Decide(IReadOnlyCollection<KeyTimeline> keys, DateTimeOffset now, OidcOptions options)
    {
        var published = keys.Where(k => k.IsPublishedAt(now)).ToList();
        var current = SigningKey(published, now, k => k);
        if (current is null)
        {
            // Nothing can sign (first start, or the service was down past every key's life): a key that signs at once;
            // a successor still propagating would then never sign, so it is retired.
            return new KeyRotationPlan(now, [.. published
                .Where(k => k.RetiresAt is null)
                .Select(k => new KeyRetirement(k.Kid, now, now + options.KeyRetentionDuration))]);
        }
        var newest = published.MaxBy(k => k.ActivatesAt)!;
        if (newest != current)
        {
            return null; // the successor exists and is propagating
        }
        if (now < current.ActivatesAt + options.KeyRotationInterval - options.KeyPropagationTime)
        {
            return null;
        }
        var activatesAt = now + options.KeyPropagationTime;
        return new KeyRotationPlan(activatesAt, [new KeyRetirement(current.Kid, activatesAt, activatesAt + options.KeyRetentionDuration)]);
    }
}
