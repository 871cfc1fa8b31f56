using System.Net;
using Platform.Gateway.Tests.Support;
using Platform.Testing;

namespace Platform.Gateway.Tests;

public sealed class EdgeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_body_declared_over_the_route_limit_is_a_413_problem()
    {
        var reached = false;
        await using var upstream = await Upstream.StartAsync(app => app.MapPost("/api/upload", () => reached = true));
        var settings = ProxySettings.To(upstream.Url).With("ReverseProxy:Routes:all:MaxRequestBodySize", "1000");
        await using var gateway = await GatewayHost.StartAsync(settings);

        using var response = await gateway.Client.PostAsync("/api/upload", new ByteArrayContent(new byte[2000]), Ct);

        await Problems.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large", upstream.Port);
        Assert.False(reached);
    }

    [Fact]
    public async Task A_chunked_body_growing_over_the_route_limit_is_a_413_problem()
    {
        await using var upstream = await Upstream.StartEchoAsync("upload");
        var settings = ProxySettings.To(upstream.Url).With("ReverseProxy:Routes:all:MaxRequestBodySize", "1000");
        await using var gateway = await GatewayHost.StartAsync(settings);

        var content = new StreamContent(new MemoryStream(new byte[5000]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/upload") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await gateway.Client.SendAsync(request, Ct);

        await Problems.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large", upstream.Port);
    }

    [Fact]
    public async Task Without_a_route_limit_the_gateway_default_applies()
    {
        await using var upstream = await Upstream.StartEchoAsync("upload");
        var settings = ProxySettings.To(upstream.Url).With("Gateway:MaxRequestBodySize", "1000");
        await using var gateway = await GatewayHost.StartAsync(settings);

        using var small = await gateway.Client.PostAsync("/api/upload", new ByteArrayContent(new byte[1000]), Ct);
        using var large = await gateway.Client.PostAsync("/api/upload", new ByteArrayContent(new byte[1001]), Ct);

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }

    [Fact]
    public async Task Forwarded_api_answers_carry_the_api_security_headers()
    {
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var response = await gateway.Client.GetAsync("/api/x", Ct);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        AssertApiSecurityHeaders(response);
    }

    [Fact]
    public async Task A_forwarded_html_page_without_its_own_policy_gets_the_document_policy()
    {
        await using var upstream = await Upstream.StartAsync(app => app.MapGet("/api/page", () =>
            Results.Content("<!DOCTYPE html><p>页面</p>", "text/html; charset=utf-8")));
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var response = await gateway.Client.GetAsync("/api/page", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task A_forwarded_answer_without_a_body_gets_the_api_policy()
    {
        await using var upstream = await Upstream.StartAsync(app => app.MapDelete("/api/item", () => Results.NoContent()));
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var response = await gateway.Client.DeleteAsync("/api/item", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        AssertApiSecurityHeaders(response);
    }

    [Fact]
    public async Task The_gateways_own_problems_on_a_proxy_route_carry_the_api_security_headers()
    {
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To($"http://127.0.0.1:{FreePort.Next()}"));

        using var response = await gateway.Client.GetAsync("/api/x", Ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        AssertApiSecurityHeaders(response);
    }

    [Fact]
    public async Task An_upstreams_own_content_security_policy_is_kept()
    {
        await using var upstream = await Upstream.StartAsync(app => app.MapGet("/api/login", (HttpContext context) =>
        {
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; form-action 'self' https://rp.example";
            return "login";
        }));
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var response = await gateway.Client.GetAsync("/api/login", Ct);

        Assert.Equal("default-src 'self'; form-action 'self' https://rp.example", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    /// <summary>The policy for data: nothing may load in it or frame it.</summary>
    internal static void AssertApiSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    /// <summary>The portal's policy, for documents.</summary>
    internal static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("'unsafe-inline'", csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }
}
