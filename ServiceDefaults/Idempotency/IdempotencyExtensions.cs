using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Idempotency;

public static class IdempotencyExtensions
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>Set on a response that is the stored answer to an earlier request with the same key.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>
    /// Honours <c>Idempotency-Key</c> on the endpoint(s): the first successful (2xx) response is stored per caller and
    /// key (table <c>idempotent_requests</c>, 24 hours) and replayed for a repeat; the key with another method, path
    /// or body answers 422 <c>idempotency_key_reused</c>; a repeat while the first is still running answers 409
    /// <c>idempotency_in_flight</c>; a failed first attempt (4xx/5xx) frees the key for a corrected retry. Requests
    /// without the header, safe methods and anonymous callers run as usual.
    /// </summary>
    /// <remarks>
    /// It wraps the endpoint's final request delegate rather than being an endpoint filter because it must hash the
    /// raw body before parameter binding reads it, and must see the written response.
    /// </remarks>
    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            if (endpoint.RequestDelegate is { } inner)
            {
                endpoint.RequestDelegate = http => IdempotentRequests.HandleAsync(http, inner);
            }
        });
        return builder;
    }
}
