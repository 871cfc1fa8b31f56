namespace Platform.Contracts.Http;

/// <summary>Per-request switches read by the platform's HTTP handlers.</summary>
public static class ApiRequestOptions
{
    /// <summary>
    /// Set on a POST/PATCH request that is safe to send twice (the receiver deduplicates it), so the resilience
    /// handler may retry it; by default only idempotent methods are retried. A request carrying an
    /// <see cref="IdempotencyKeyHeader"/> opts in the same way.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> RetryUnsafeMethod = new("Platform.RetryUnsafeMethod");

    /// <summary>Header with which commands make a repeated submission a no-op (ARCHITECTURE.md, Data).</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Marks the request as safe to retry even though its method is not idempotent.</summary>
    public static HttpRequestMessage AllowRetry(this HttpRequestMessage request)
    {
        request.Options.Set(RetryUnsafeMethod, true);
        return request;
    }
}
