using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Platform.Gateway.Tests.Support;

namespace Platform.Gateway.Tests;

/// <summary>A cluster's <c>HttpRequest:Version</c> / <c>VersionPolicy</c> (YARP's names): by default HTTP/1.1 over
/// plain http; version 2 exactly is HTTP/2 with prior knowledge (h2c), for requests and health probes alike.</summary>
public sealed class HttpVersionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<Upstream> StartProtocolEchoAsync(HttpProtocols protocols) => Upstream.StartAsync(app =>
    {
        app.MapGet("/health", () => "ok");
        app.MapGet("/api/protocol", (HttpContext context) => context.Request.Protocol);
        app.MapPost("/api/upload", async (HttpContext context) =>
        {
            var length = 0L;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                length += read;
            }

            return $"{context.Request.Protocol} {length}";
        });
    }, protocols);

    private static ProxySettings H2c(string url) => ProxySettings.To(url)
        .With("ReverseProxy:Clusters:backend:HttpRequest:Version", "2")
        .With("ReverseProxy:Clusters:backend:HttpRequest:VersionPolicy", "RequestVersionExact");

    [Fact]
    public async Task By_default_a_plain_http_destination_is_asked_in_http_1_1()
    {
        await using var upstream = await StartProtocolEchoAsync(HttpProtocols.Http1AndHttp2);
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var response = await gateway.Client.GetAsync("/api/protocol", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HTTP/1.1", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Version_2_exactly_forwards_in_h2c_to_a_destination_that_speaks_only_http_2()
    {
        await using var upstream = await StartProtocolEchoAsync(HttpProtocols.Http2);
        await using var gateway = await GatewayHost.StartAsync(H2c(upstream.Url));

        using var response = await gateway.Client.GetAsync("/api/protocol", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HTTP/2", await response.Content.ReadAsStringAsync(Ct));
        // The client's side stays HTTP/1.1, and the answer still gets the edge's headers.
        Assert.Equal(new Version(1, 1), response.Version);
        EdgeTests.AssertApiSecurityHeaders(response);
    }

    [Fact]
    public async Task Without_the_setting_an_h2c_only_destination_refuses_the_request()
    {
        await using var upstream = await StartProtocolEchoAsync(HttpProtocols.Http2);
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var response = await gateway.Client.GetAsync("/api/protocol", Ct);

        // Kestrel's HTTP/2-only endpoint answers an HTTP/1.1 request with a 400, which passes through as it is.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual("HTTP/2", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_streamed_upload_crosses_h2c_whole()
    {
        await using var upstream = await StartProtocolEchoAsync(HttpProtocols.Http2);
        await using var gateway = await GatewayHost.StartAsync(H2c(upstream.Url));

        var body = new byte[3 * 1024 * 1024 + 17];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/upload") { Content = new StreamContent(new MemoryStream(body)) };
        request.Headers.TransferEncodingChunked = true;
        using var response = await gateway.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"HTTP/2 {body.Length}", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Health_probes_use_the_clusters_version()
    {
        await using var upstream = await StartProtocolEchoAsync(HttpProtocols.Http2);
        await using var gateway = await GatewayHost.StartAsync(H2c(upstream.Url).ActiveHealth("backend", threshold: 1));

        // Probed in HTTP/1.1 this destination would fail every probe and be taken out (503); in h2c it stays in.
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        using var response = await gateway.Client.GetAsync("/api/protocol", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HTTP/2", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("Version", "3")]
    [InlineData("Version", "two")]
    [InlineData("VersionPolicy", "Exact")]
    [InlineData("VersionPolicy", "2")]
    public async Task An_unsupported_version_setting_stops_the_start_and_names_the_key(string setting, string value)
    {
        var settings = ProxySettings.To("http://127.0.0.1:1").With($"ReverseProxy:Clusters:backend:HttpRequest:{setting}", value);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync(settings));

        Assert.Contains($"ReverseProxy:Clusters:backend:HttpRequest:{setting}", error.Message);
    }
}
