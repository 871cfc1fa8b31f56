using System.Net;
using Platform.Gateway.Tests.Support;
using Platform.Testing;

namespace Platform.Gateway.Tests;

public sealed class ErrorMappingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Nothing_listening_is_a_502_problem_without_internals()
    {
        var port = FreePort.Next();
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To($"http://127.0.0.1:{port}"));

        using var response = await gateway.Client.GetAsync("/api/projects", Ct);

        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadGateway, "upstream_unreachable", port);
        Assert.Contains("后端服务", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_upstreams_own_error_response_passes_through_unchanged()
    {
        // Headers flushed without a Content-Length, then an empty chunked body: nothing tells an error page
        // middleware that the upstream already answered.
        await using var upstream = await Upstream.StartAsync(app => app.MapGet("/api/missing", async (HttpContext context) =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }));
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var response = await gateway.Client.GetAsync("/api/missing", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task An_upstream_silent_past_the_activity_timeout_is_a_504_problem()
    {
        await using var upstream = await Upstream.StartAsync(app => app.MapGet("/api/stall",
            (HttpContext context) => Task.Delay(Timeout.Infinite, context.RequestAborted)));
        var settings = ProxySettings.To(upstream.Url).With("ReverseProxy:Clusters:backend:HttpRequest:ActivityTimeout", "00:00:00.300");
        await using var gateway = await GatewayHost.StartAsync(settings);

        using var response = await gateway.Client.GetAsync("/api/stall", Ct);

        await Problems.AssertAsync(response, HttpStatusCode.GatewayTimeout, "upstream_timeout", upstream.Port);
    }

    [Fact]
    public async Task A_slow_but_steady_stream_is_not_cut_by_the_activity_timeout()
    {
        await using var upstream = await Upstream.StartAsync(app => app.MapGet("/api/drip", async (HttpContext context) =>
        {
            // 1.5 s in all, longer than the timeout, with gaps far below it (room for a loaded test machine).
            for (var i = 0; i < 10; i++)
            {
                await context.Response.WriteAsync(".", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(150, context.RequestAborted);
            }
        }));
        var settings = ProxySettings.To(upstream.Url).With("ReverseProxy:Clusters:backend:HttpRequest:ActivityTimeout", "00:00:01");
        await using var gateway = await GatewayHost.StartAsync(settings);

        var body = await gateway.Client.GetStringAsync("/api/drip", Ct);

        Assert.Equal("..........", body);
    }

    [Fact]
    public async Task No_healthy_destination_is_a_503_problem()
    {
        await using var upstream = await Upstream.StartEchoAsync("sick", app => app.MapGet("/health", () => Results.StatusCode(503)));
        var settings = ProxySettings.To(upstream.Url).ActiveHealth("backend");
        await using var gateway = await GatewayHost.StartAsync(settings);

        HttpResponseMessage? last = null;
        await Eventually.HoldsAsync(async () =>
        {
            last?.Dispose();
            last = await gateway.Client.GetAsync("/api/x", Ct);
            return last.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, "the only destination is taken out after failing its probe");

        await Problems.AssertAsync(last!, HttpStatusCode.ServiceUnavailable, "no_healthy_upstream", upstream.Port);
        last!.Dispose();
    }

    [Fact]
    public async Task A_cluster_whose_service_has_no_endpoints_answers_503()
    {
        var settings = ProxySettings.To("http://projects");
        await using var gateway = await GatewayHost.StartAsync(settings);

        using var response = await gateway.Client.GetAsync("/api/x", Ct);

        await Problems.AssertAsync(response, HttpStatusCode.ServiceUnavailable, "no_healthy_upstream");
    }

    [Fact]
    public async Task An_upstream_failing_mid_body_makes_the_gateway_abort_the_connection()
    {
        var clientHasFirstPart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await Upstream.StartAsync(app => app.MapGet("/api/broken", async (HttpContext context) =>
        {
            context.Response.ContentLength = 1000;
            await context.Response.WriteAsync("partial", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await clientHasFirstPart.Task.WaitAsync(TimeSpan.FromSeconds(15), context.RequestAborted);
            context.Abort();
        }));
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var response = await gateway.Client.GetAsync("/api/broken", HttpCompletionOption.ResponseHeadersRead, Ct);
        await using var body = await response.Content.ReadAsStreamAsync(Ct);
        await body.ReadExactlyAsync(new byte["partial".Length], Ct);
        clientHasFirstPart.SetResult();

        // The client must learn the body is incomplete rather than receive a short body as if whole.
        await Assert.ThrowsAnyAsync<IOException>(async () => await body.CopyToAsync(Stream.Null, Ct));
    }
}
