using System.Threading.RateLimiting;
using Platform.Identity.Oidc.Clients;

namespace Platform.Identity.Oidc.Protocol;

/// <summary>
/// The provider's rate limits, on ASP.NET Core's limiters (System.Threading.RateLimiting), applied by the handlers
/// themselves because the partition (user name, client id) is only known once the form is read: login posts per
/// client address and per user name, token requests per client and address. Limits are per replica.
/// </summary>
public sealed class OidcRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _loginByAddress;
    private readonly PartitionedRateLimiter<string> _loginByUser;
    private readonly PartitionedRateLimiter<string> _confidentialTokens;
    private readonly PartitionedRateLimiter<string> _publicTokens;

    public OidcRateLimits(OidcOptions options)
    {
        _loginByAddress = PerMinute(options.LoginPerMinute);
        _loginByUser = PerMinute(options.LoginPerUserPerMinute);
        _publicTokens = PerMinute(options.PublicTokenPerMinute);
        _confidentialTokens = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.TokenPerSecond,
                TokensPerPeriod = options.TokenPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Null when the login post may proceed, else how long to wait.</summary>
    public TimeSpan? TryLogin(string address, string? userName)
    {
        var byAddress = Acquire(_loginByAddress, address);
        if (byAddress is not null || string.IsNullOrWhiteSpace(userName))
        {
            return byAddress;
        }
        return Acquire(_loginByUser, userName.Trim().ToUpperInvariant());
    }

    /// <summary>Null when the token request may proceed, else how long to wait.</summary>
    public TimeSpan? TryToken(OidcClient client, string address) =>
        Acquire(client.IsConfidential ? _confidentialTokens : _publicTokens, $"{client.Id}|{address}");

    public void Dispose()
    {
        _loginByAddress.Dispose();
        _loginByUser.Dispose();
        _confidentialTokens.Dispose();
        _publicTokens.Dispose();
    }

    private static PartitionedRateLimiter<string> PerMinute(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    private static TimeSpan? Acquire(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return null;
        }
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }
}
