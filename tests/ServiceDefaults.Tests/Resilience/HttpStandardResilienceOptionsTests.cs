using Platform.ServiceDefaults.Resilience;
using Polly;

namespace Platform.ServiceDefaults.Tests.Resilience;

public sealed class HttpStandardResilienceOptionsTests
{
    private readonly HttpStandardResilienceOptions _options = new();

    [Fact]
    public void Total_request_timeout_is_30_seconds() =>
        Assert.Equal(TimeSpan.FromSeconds(30), _options.TotalRequestTimeout.Timeout);

    [Fact]
    public void Attempt_timeout_is_10_seconds() =>
        Assert.Equal(TimeSpan.FromSeconds(10), _options.AttemptTimeout.Timeout);

    [Fact]
    public void Retry_is_three_exponential_attempts_with_jitter_from_2_seconds()
    {
        Assert.Equal(3, _options.Retry.MaxRetryAttempts);
        Assert.Equal(DelayBackoffType.Exponential, _options.Retry.BackoffType);
        Assert.True(_options.Retry.UseJitter);
        Assert.Equal(TimeSpan.FromSeconds(2), _options.Retry.Delay);
    }

    [Fact]
    public void Retry_honours_retry_after_and_spares_unsafe_methods_by_default()
    {
        Assert.True(_options.Retry.ShouldRetryAfterHeader);
        Assert.False(_options.Retry.RetryUnsafeMethods);
    }

    [Fact]
    public void Circuit_breaker_opens_at_10_percent_over_30_seconds_after_100_requests_for_5_seconds()
    {
        Assert.Equal(0.1, _options.CircuitBreaker.FailureRatio);
        Assert.Equal(TimeSpan.FromSeconds(30), _options.CircuitBreaker.SamplingDuration);
        Assert.Equal(100, _options.CircuitBreaker.MinimumThroughput);
        Assert.Equal(TimeSpan.FromSeconds(5), _options.CircuitBreaker.BreakDuration);
    }

    [Fact]
    public void Bulkhead_allows_1000_concurrent_requests_without_a_queue()
    {
        Assert.Equal(1000, _options.RateLimiter.PermitLimit);
        Assert.Equal(0, _options.RateLimiter.QueueLimit);
    }

    [Fact]
    public void Default_numbers_are_consistent() => Assert.Empty(_options.Validate());

    [Fact]
    public void Attempt_timeout_not_shorter_than_total_timeout_is_invalid()
    {
        _options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);

        Assert.Contains(_options.Validate(), e => e.Contains("TotalRequestTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Sampling_duration_below_twice_the_attempt_timeout_is_invalid()
    {
        _options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(15);

        Assert.Contains(_options.Validate(), e => e.Contains("SamplingDuration", StringComparison.Ordinal));
    }
}
