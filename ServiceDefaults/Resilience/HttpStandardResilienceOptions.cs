using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Platform.ServiceDefaults.Resilience;

/// <summary>
/// The numbers of Microsoft.Extensions.Http.Resilience's standard handler, in its shape (property names match
/// <c>HttpStandardResilienceOptions</c>), so moving to the real package is a package swap. Configure per named
/// client with <see cref="ResilienceExtensions.ConfigureStandardResilience"/>.
/// </summary>
public sealed class HttpStandardResilienceOptions
{
    /// <summary>Bulkhead: at most this many requests of one client in flight; excess fails at once (queue 0).</summary>
    public HttpRateLimiterStrategyOptions RateLimiter { get; set; } = new();

    /// <summary>Covers every attempt and every wait between them.</summary>
    public HttpTimeoutStrategyOptions TotalRequestTimeout { get; set; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public HttpRetryStrategyOptions Retry { get; set; } = new();

    public HttpCircuitBreakerStrategyOptions CircuitBreaker { get; set; } = new();

    /// <summary>Covers one attempt.</summary>
    public HttpTimeoutStrategyOptions AttemptTimeout { get; set; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The consistency rules the real options validate; empty when the numbers make sense together.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (TotalRequestTimeout.Timeout <= AttemptTimeout.Timeout)
        {
            errors.Add($"TotalRequestTimeout ({TotalRequestTimeout.Timeout}) must be longer than AttemptTimeout ({AttemptTimeout.Timeout}).");
        }
        if (CircuitBreaker.SamplingDuration < 2 * AttemptTimeout.Timeout)
        {
            errors.Add($"CircuitBreaker.SamplingDuration ({CircuitBreaker.SamplingDuration}) must be at least twice AttemptTimeout ({AttemptTimeout.Timeout}).");
        }
        if (RateLimiter.PermitLimit <= 0)
        {
            errors.Add("RateLimiter.PermitLimit must be positive.");
        }
        return errors;
    }
}

public sealed class HttpTimeoutStrategyOptions : TimeoutStrategyOptions;

public sealed class HttpRateLimiterStrategyOptions
{
    public int PermitLimit { get; set; } = 1000;

    public int QueueLimit { get; set; }
}

/// <summary>3 retries, exponential back-off from 2 s with jitter, <c>Retry-After</c> honoured, transient failures only.</summary>
public sealed class HttpRetryStrategyOptions : RetryStrategyOptions<HttpResponseMessage>
{
    public HttpRetryStrategyOptions()
    {
        MaxRetryAttempts = 3;
        Delay = TimeSpan.FromSeconds(2);
        BackoffType = DelayBackoffType.Exponential;
        UseJitter = true;
        ShouldHandle = static args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome));
    }

    /// <summary>When the response says <c>Retry-After</c>, wait that long instead of the computed back-off.</summary>
    public bool ShouldRetryAfterHeader { get; set; } = true;

    /// <summary>
    /// Client-level switch: also retry POST/PATCH (and other non-idempotent methods). Off by default, because a
    /// repeated command may act twice unless its receiver deduplicates it.
    /// </summary>
    public bool RetryUnsafeMethods { get; set; }
}

/// <summary>Opens at 10 % transient failures over 30 s once 100 requests were seen; stays open 5 s.</summary>
public sealed class HttpCircuitBreakerStrategyOptions : CircuitBreakerStrategyOptions<HttpResponseMessage>
{
    public HttpCircuitBreakerStrategyOptions()
    {
        FailureRatio = 0.1;
        MinimumThroughput = 100;
        SamplingDuration = TimeSpan.FromSeconds(30);
        BreakDuration = TimeSpan.FromSeconds(5);
        ShouldHandle = static args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome));
    }
}
