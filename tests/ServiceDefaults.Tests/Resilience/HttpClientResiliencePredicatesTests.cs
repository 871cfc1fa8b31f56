using System.Net;
using System.Net.Http.Headers;
using Platform.ServiceDefaults.Resilience;
using Polly;
using Polly.Timeout;

namespace Platform.ServiceDefaults.Tests.Resilience;

public sealed class HttpClientResiliencePredicatesTests
{
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public void Server_errors_timeouts_and_throttling_are_transient(HttpStatusCode status) =>
        Assert.True(HttpClientResiliencePredicates.IsTransient(Outcome.FromResult(new HttpResponseMessage(status))));

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public void Success_and_client_errors_are_not_transient(HttpStatusCode status) =>
        Assert.False(HttpClientResiliencePredicates.IsTransient(Outcome.FromResult(new HttpResponseMessage(status))));

    [Fact]
    public void Transport_failure_is_transient() =>
        Assert.True(HttpClientResiliencePredicates.IsTransient(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("refused"))));

    [Fact]
    public void Attempt_timeout_is_transient() =>
        Assert.True(HttpClientResiliencePredicates.IsTransient(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())));

    [Fact]
    public void Caller_cancellation_is_not_transient() =>
        Assert.False(HttpClientResiliencePredicates.IsTransient(Outcome.FromException<HttpResponseMessage>(new OperationCanceledException())));

    [Theory]
    [InlineData("GET", true)]
    [InlineData("HEAD", true)]
    [InlineData("OPTIONS", true)]
    [InlineData("PUT", true)]
    [InlineData("DELETE", true)]
    [InlineData("POST", false)]
    [InlineData("PATCH", false)]
    public void Idempotent_methods_are_recognised(string method, bool idempotent) =>
        Assert.Equal(idempotent, HttpClientResiliencePredicates.IsIdempotent(new HttpMethod(method)));

    [Fact]
    public void Retry_after_in_seconds_is_read()
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), HttpClientResiliencePredicates.RetryAfter(response));
    }

    [Fact]
    public void Retry_after_as_a_date_is_the_time_until_it()
    {
        var now = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(now.AddSeconds(42));

        Assert.Equal(TimeSpan.FromSeconds(42), HttpClientResiliencePredicates.RetryAfter(response, new FixedTime(now)));
    }

    [Fact]
    public void Response_without_retry_after_has_none() =>
        Assert.Null(HttpClientResiliencePredicates.RetryAfter(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
