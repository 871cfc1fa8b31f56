using Platform.Gateway.Tests.Support;

namespace Platform.Gateway.Tests;

public sealed class HeaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hop_by_hop_request_headers_are_not_forwarded()
    {
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/x");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic c2VjcmV0");
        request.Headers.TryAddWithoutValidation("Proxy-Connection", "keep-alive");
        request.Headers.TryAddWithoutValidation("Upgrade-Insecure-Requests", "1");
        request.Headers.TryAddWithoutValidation("TE", "gzip");
        request.Headers.TryAddWithoutValidation("Alt-Svc", "h3=\":443\"");
        request.Headers.TryAddWithoutValidation("X-End-To-End", "kept");
        var echo = await Echo.ReadAsync(await gateway.Client.SendAsync(request, Ct));

        foreach (var name in new[] { "Keep-Alive", "Proxy-Authorization", "Proxy-Connection", "Upgrade-Insecure-Requests", "TE", "Alt-Svc" })
        {
            Assert.Null(echo.Header(name));
        }

        Assert.Equal("kept", echo.Header("X-End-To-End"));
    }

    [Fact]
    public async Task TE_trailers_is_the_one_TE_value_forwarded()
    {
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/x");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        var echo = await Echo.ReadAsync(await gateway.Client.SendAsync(request, Ct));

        Assert.Equal("trailers", echo.Header("TE"));
    }

    [Fact]
    public async Task Hop_by_hop_response_headers_are_not_returned()
    {
        await using var upstream = await Upstream.StartAsync(app => app.MapGet("/api/x", (HttpContext context) =>
        {
            context.Response.Headers["Keep-Alive"] = "timeout=5";
            context.Response.Headers["Proxy-Authenticate"] = "Basic";
            context.Response.Headers["Alt-Svc"] = "h3=\":443\"";
            context.Response.Headers["X-End-To-End"] = "kept";
            return "ok";
        }));
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var response = await gateway.Client.GetAsync("/api/x", Ct);

        response.EnsureSuccessStatusCode();
        Assert.False(response.Headers.Contains("Keep-Alive"));
        Assert.False(response.Headers.Contains("Proxy-Authenticate"));
        Assert.False(response.Headers.Contains("Alt-Svc"));
        Assert.Equal("kept", Assert.Single(response.Headers.GetValues("X-End-To-End")));
    }

    [Fact]
    public async Task X_Forwarded_headers_from_the_client_are_replaced_not_appended()
    {
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/x");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "6.6.6.6");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "evil.example");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Prefix", "/evil");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=6.6.6.6");
        var echo = await Echo.ReadAsync(await gateway.Client.SendAsync(request, Ct));

        Assert.Equal(1, echo.HeaderCount("X-Forwarded-For"));
        Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal("http", echo.Header("X-Forwarded-Proto"));
        Assert.Equal(new Uri(gateway.Url).Authority, echo.Header("X-Forwarded-Host"));
        Assert.Null(echo.Header("X-Forwarded-Prefix"));
        Assert.Null(echo.Header("Forwarded"));
    }

    [Fact]
    public async Task Host_is_rewritten_to_the_destination()
    {
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/x");
        request.Headers.Host = "portal.example";
        var echo = await Echo.ReadAsync(await gateway.Client.SendAsync(request, Ct));

        Assert.Equal(new Uri(upstream.Url).Authority, echo.Header("Host"));
        Assert.Equal("portal.example", echo.Header("X-Forwarded-Host"));
    }

    [Fact]
    public async Task Trace_context_continues_the_callers_trace()
    {
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/x");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        var echo = await Echo.ReadAsync(await gateway.Client.SendAsync(request, Ct));

        Assert.Equal(1, echo.HeaderCount("traceparent"));
        var parts = echo.Header("traceparent")!.Split('-');
        Assert.Equal(4, parts.Length);
        Assert.Equal(traceId, parts[1]);
    }

    [Fact]
    public async Task Cookies_and_content_headers_pass_through()
    {
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/x")
        {
            Content = new StringContent("{\"a\":1}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Cookie", "a=1; b=2");
        var echo = await Echo.ReadAsync(await gateway.Client.SendAsync(request, Ct));

        Assert.Equal("a=1; b=2", echo.Header("Cookie"));
        Assert.Equal("application/json; charset=utf-8", echo.Header("Content-Type"));
        Assert.Equal("7", echo.Header("Content-Length"));
    }
}
