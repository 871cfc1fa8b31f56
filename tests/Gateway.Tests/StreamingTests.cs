using System.Net;
using System.Text;
using Platform.Gateway.Tests.Support;

namespace Platform.Gateway.Tests;

public sealed class StreamingTests
{
    // Bounds a broken (buffering) gateway, which would otherwise wait forever; not a timing assertion.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_chunk_reaches_the_client_before_the_upstream_finishes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await Upstream.StartAsync(app => app.MapGet("/api/stream", async (HttpContext context) =>
        {
            await context.Response.WriteAsync("first;", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await release.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync("second", context.RequestAborted);
        }));
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var response = await gateway.Client.GetAsync("/api/stream", HttpCompletionOption.ResponseHeadersRead, Ct).WaitAsync(Bound, Ct);
        await using var body = await response.Content.ReadAsStreamAsync(Ct);
        var first = await ReadAtLeastAsync(body, "first;".Length).WaitAsync(Bound, Ct);

        // Only now may the upstream finish: a gateway that buffered the whole body never gets here.
        release.SetResult();
        var rest = await new StreamReader(body).ReadToEndAsync(Ct).WaitAsync(Bound, Ct);

        Assert.Equal("first;", first);
        Assert.Equal("second", rest);
    }

    [Fact]
    public async Task Server_sent_events_get_headers_before_the_first_event()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await Upstream.StartAsync(app => app.MapGet("/api/events", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await release.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync("data: 已下达\n\n", context.RequestAborted);
        }));
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var response = await gateway.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, Ct).WaitAsync(Bound, Ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        release.SetResult();
        var body = await response.Content.ReadAsStringAsync(Ct).WaitAsync(Bound, Ct);

        Assert.Equal("data: 已下达\n\n", body);
    }

    [Fact]
    public async Task The_request_body_reaches_the_upstream_while_the_client_is_still_sending()
    {
        var upstreamGotFirstChunk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await Upstream.StartAsync(app => app.MapPost("/api/upload", async (HttpContext context) =>
        {
            var first = await ReadAtLeastAsync(context.Request.Body, "part1;".Length);
            upstreamGotFirstChunk.SetResult();
            var rest = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            return first + rest;
        }));
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        var content = new SignalledContent(upstreamGotFirstChunk.Task);
        using var response = await gateway.Client.PostAsync("/api/upload", content, Ct).WaitAsync(Bound, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("part1;part2", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_the_upstream_request()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upstreamCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await Upstream.StartAsync(app => app.MapGet("/api/slow", async (HttpContext context) =>
        {
            context.RequestAborted.Register(() => upstreamCancelled.TrySetResult());
            started.SetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }));
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var clientGivesUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var call = gateway.Client.GetAsync("/api/slow", clientGivesUp.Token);
        await started.Task.WaitAsync(Bound, Ct);
        await clientGivesUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        await upstreamCancelled.Task.WaitAsync(Bound, Ct);
    }

    [Fact]
    public async Task A_large_body_arrives_whole()
    {
        var payload = new byte[5 * 1024 * 1024];
        new Random(7).NextBytes(payload);
        await using var upstream = await Upstream.StartAsync(app => app.MapGet("/api/big", () => Results.Bytes(payload)));
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        var received = await gateway.Client.GetByteArrayAsync("/api/big", Ct);

        Assert.Equal(payload, received);
    }

    private static async Task<string> ReadAtLeastAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, Ct);
        return Encoding.UTF8.GetString(buffer);
    }

    /// <summary>Sends "part1;", then holds "part2" back until the upstream has seen the first part.</summary>
    private sealed class SignalledContent(Task upstreamGotFirstChunk) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("part1;"u8.ToArray());
            await stream.FlushAsync();
            await upstreamGotFirstChunk.WaitAsync(Bound);
            await stream.WriteAsync("part2"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
