using System.Net;
using System.Net.Http.Headers;
using Platform.Contracts.Http;
using Platform.ServiceDefaults.Resilience;
using Polly.CircuitBreaker;

namespace Platform.ServiceDefaults.Tests.Resilience;

public sealed class ResilienceHandlerTests
{
    private static readonly Uri Target = new("http://127.0.0.1:5999/api/projects");

    [Fact]
    public async Task Transient_status_is_retried_until_success()
    {
        var stub = new StubHandler(
            StubHandler.Status(HttpStatusCode.ServiceUnavailable),
            StubHandler.Status(HttpStatusCode.BadGateway),
            StubHandler.Status(HttpStatusCode.OK));

        using var response = await Send(stub, HttpMethod.Get, FastOptions());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, stub.Calls);
    }

    [Fact]
    public async Task Gives_up_after_three_retries()
    {
        var stub = new StubHandler(StubHandler.Status(HttpStatusCode.ServiceUnavailable));

        using var response = await Send(stub, HttpMethod.Get, FastOptions());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(4, stub.Calls);
    }

    [Fact]
    public async Task Transport_failure_is_retried()
    {
        var stub = new StubHandler(
            StubHandler.Throw(new HttpRequestException("connection refused")),
            StubHandler.Status(HttpStatusCode.OK));

        using var response = await Send(stub, HttpMethod.Get, FastOptions());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Calls);
    }

    [Fact]
    public async Task Client_error_is_not_retried()
    {
        var stub = new StubHandler(StubHandler.Status(HttpStatusCode.BadRequest));

        using var response = await Send(stub, HttpMethod.Get, FastOptions());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, stub.Calls);
    }

    [Fact]
    public async Task Slow_attempt_times_out_and_is_retried()
    {
        var stub = new StubHandler(
            async (_, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return new HttpResponseMessage(HttpStatusCode.OK);
            },
            StubHandler.Status(HttpStatusCode.OK));
        var options = FastOptions();
        options.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(200);
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(1);

        using var response = await Send(stub, HttpMethod.Get, options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Calls);
    }

    [Fact]
    public async Task Retry_after_header_sets_the_wait()
    {
        var waits = new List<TimeSpan>();
        var stub = new StubHandler(
            StubHandler.Status(HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1))),
            StubHandler.Status(HttpStatusCode.OK));
        var options = FastOptions();
        // Were the header ignored, the computed back-off would be minutes.
        options.Retry.Delay = TimeSpan.FromMinutes(10);
        options.Retry.OnRetry = args =>
        {
            waits.Add(args.RetryDelay);
            return ValueTask.CompletedTask;
        };

        using var response = await Send(stub, HttpMethod.Get, options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(1)], waits);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public async Task Unsafe_method_is_not_retried_by_default(string method)
    {
        var stub = new StubHandler(StubHandler.Status(HttpStatusCode.ServiceUnavailable), StubHandler.Status(HttpStatusCode.OK));

        using var response = await Send(stub, new HttpMethod(method), FastOptions());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, stub.Calls);
    }

    [Fact]
    public async Task Unsafe_method_is_retried_when_the_request_opts_in()
    {
        var stub = new StubHandler(StubHandler.Status(HttpStatusCode.ServiceUnavailable), StubHandler.Status(HttpStatusCode.OK));

        using var response = await Send(stub, HttpMethod.Post, FastOptions(), request => request.AllowRetry());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Calls);
    }

    [Fact]
    public async Task Unsafe_method_with_an_idempotency_key_is_retried()
    {
        var stub = new StubHandler(StubHandler.Status(HttpStatusCode.ServiceUnavailable), StubHandler.Status(HttpStatusCode.OK));

        using var response = await Send(stub, HttpMethod.Post, FastOptions(),
            request => request.Headers.Add(ApiRequestOptions.IdempotencyKeyHeader, Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Calls);
    }

    [Fact]
    public async Task Unsafe_method_is_retried_when_the_client_opts_in()
    {
        var stub = new StubHandler(StubHandler.Status(HttpStatusCode.ServiceUnavailable), StubHandler.Status(HttpStatusCode.OK));
        var options = FastOptions();
        options.Retry.RetryUnsafeMethods = true;

        using var response = await Send(stub, HttpMethod.Post, options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Calls);
    }

    [Fact]
    public async Task Circuit_opens_after_the_failure_ratio_is_reached()
    {
        var stub = new StubHandler(StubHandler.Status(HttpStatusCode.InternalServerError));
        var options = FastOptions();
        options.Retry.MaxRetryAttempts = 1;
        options.CircuitBreaker.MinimumThroughput = 2;
        options.CircuitBreaker.BreakDuration = TimeSpan.FromMinutes(1);
        var pipeline = StandardResiliencePipelines.Build(options);

        (await SendWith(pipeline, stub, HttpMethod.Get)).Dispose();
        var callsBeforeOpen = stub.Calls;
        await Assert.ThrowsAsync<BrokenCircuitException>(() => SendWith(pipeline, stub, HttpMethod.Get));

        Assert.Equal(2, callsBeforeOpen);
        Assert.Equal(callsBeforeOpen, stub.Calls);
    }

    [Fact]
    public async Task Bulkhead_rejects_requests_beyond_the_permit_limit()
    {
        var release = new TaskCompletionSource();
        var stub = new StubHandler(async (_, _) =>
        {
            await release.Task;
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var options = FastOptions();
        options.RateLimiter.PermitLimit = 1;
        var pipeline = StandardResiliencePipelines.Build(options);

        var first = SendWith(pipeline, stub, HttpMethod.Get);
        await Assert.ThrowsAsync<HttpRequestException>(() => SendWith(pipeline, stub, HttpMethod.Get));
        release.SetResult();

        (await first).Dispose();
        Assert.Equal(1, stub.Calls);
    }

    /// <summary>The standard shape with tiny back-off so tests do not wait out real delays.</summary>
    private static HttpStandardResilienceOptions FastOptions()
    {
        var options = new HttpStandardResilienceOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.UseJitter = false;
        return options;
    }

    private static Task<HttpResponseMessage> Send(StubHandler stub, HttpMethod method, HttpStandardResilienceOptions options, Action<HttpRequestMessage>? configure = null) =>
        SendWith(StandardResiliencePipelines.Build(options), stub, method, configure);

    private static async Task<HttpResponseMessage> SendWith(StandardPipeline pipeline, StubHandler stub, HttpMethod method, Action<HttpRequestMessage>? configure = null)
    {
        using var invoker = new HttpMessageInvoker(new ResilienceHandler(pipeline) { InnerHandler = stub }, disposeHandler: false);
        using var request = new HttpRequestMessage(method, Target);
        configure?.Invoke(request);
        return await invoker.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
