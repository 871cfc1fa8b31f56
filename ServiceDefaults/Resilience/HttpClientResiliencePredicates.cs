using System.Net;
using Polly;
using Polly.Timeout;

namespace Platform.ServiceDefaults.Resilience;

/// <summary>What the standard handler treats as worth another attempt.</summary>
public static class HttpClientResiliencePredicates
{
    private static readonly HashSet<HttpMethod> IdempotentMethods =
        [HttpMethod.Get, HttpMethod.Head, HttpMethod.Options, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Trace];

    /// <summary>5xx, 408, 429, a transport failure or an attempt timeout.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => IsTransientStatus(response.StatusCode),
        { Exception: { } exception } => IsTransientException(exception),
        _ => false,
    };

    public static bool IsTransientStatus(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    public static bool IsTransientException(Exception exception) =>
        exception is HttpRequestException or TimeoutRejectedException;

    public static bool IsIdempotent(HttpMethod method) => IdempotentMethods.Contains(method);

    /// <summary>
    /// The <c>Retry-After</c> wait of a response (seconds or an HTTP date), or null when it has none. A date in the
    /// past means "now".
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider? timeProvider = null)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - (timeProvider ?? TimeProvider.System).GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
