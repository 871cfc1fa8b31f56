using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Platform.Contracts.Http;
using Polly;

namespace Platform.ServiceDefaults.Resilience;

/// <summary>
/// One pipeline (and so one circuit breaker and one bulkhead) per named client for the process's lifetime; the
/// handlers the client factory rotates every two minutes share it.
/// </summary>
public sealed class StandardResiliencePipelines(IOptionsMonitor<HttpStandardResilienceOptions> options) : IDisposable
{
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Platform.HttpRequest");

    private readonly ConcurrentDictionary<string, Lazy<StandardPipeline>> _pipelines = new(StringComparer.Ordinal);

    public StandardPipeline Get(string clientName) =>
        _pipelines.GetOrAdd(clientName, name => new Lazy<StandardPipeline>(() => Build(options.Get(name)))).Value;

    public void Dispose()
    {
        foreach (var pipeline in _pipelines.Values.Where(p => p.IsValueCreated))
        {
            pipeline.Value.Limiter.Dispose();
        }
    }

    /// <summary>Builds the pipeline outermost-first: total timeout, retry, circuit breaker, attempt timeout.</summary>
    public static StandardPipeline Build(HttpStandardResilienceOptions options)
    {
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new OptionsValidationException(nameof(HttpStandardResilienceOptions), typeof(HttpStandardResilienceOptions), errors);
        }
        var retry = options.Retry;
        var retryPredicate = retry.ShouldHandle;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(options.TotalRequestTimeout)
            .AddRetry(new Polly.Retry.RetryStrategyOptions<HttpResponseMessage>
            {
                Name = retry.Name,
                MaxRetryAttempts = retry.MaxRetryAttempts,
                Delay = retry.Delay,
                MaxDelay = retry.MaxDelay,
                BackoffType = retry.BackoffType,
                UseJitter = retry.UseJitter,
                OnRetry = retry.OnRetry,
                ShouldHandle = args => MayRetry(args.Context, retry.RetryUnsafeMethods)
                    ? retryPredicate(args)
                    : ValueTask.FromResult(false),
                DelayGenerator = retry.ShouldRetryAfterHeader
                    ? args => ValueTask.FromResult(HttpClientResiliencePredicates.RetryAfter(args.Outcome.Result))
                    : retry.DelayGenerator,
            })
            .AddCircuitBreaker(options.CircuitBreaker)
            .AddTimeout(options.AttemptTimeout)
            .Build();
        var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.RateLimiter.PermitLimit,
            QueueLimit = options.RateLimiter.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        return new StandardPipeline(pipeline, limiter);
    }

    private static bool MayRetry(ResilienceContext context, bool retryUnsafeMethods)
    {
        if (retryUnsafeMethods || !context.Properties.TryGetValue(RequestKey, out var request))
        {
            return true;
        }
        return HttpClientResiliencePredicates.IsIdempotent(request.Method)
            || (request.Options.TryGetValue(ApiRequestOptions.RetryUnsafeMethod, out var optedIn) && optedIn)
            || request.Headers.Contains(ApiRequestOptions.IdempotencyKeyHeader);
    }
}

public sealed record StandardPipeline(ResiliencePipeline<HttpResponseMessage> Pipeline, RateLimiter Limiter);
