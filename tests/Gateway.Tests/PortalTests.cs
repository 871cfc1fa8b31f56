using System.Net;
using Platform.Gateway.Tests.Support;

namespace Platform.Gateway.Tests;

public sealed class PortalTests : IDisposable
{
    private const string IndexHtml = "<!DOCTYPE html><html lang=\"zh-CN\"><body><div id=\"app\"></div><script type=\"module\" src=\"/assets/index-3f2a.js\"></script></body></html>";

    private readonly string _portal = Directory.CreateTempSubdirectory("gateway-portal-").FullName;

    public PortalTests()
    {
        File.WriteAllText(Path.Combine(_portal, "index.html"), IndexHtml);
        Directory.CreateDirectory(Path.Combine(_portal, "assets"));
        File.WriteAllText(Path.Combine(_portal, "assets", "index-3f2a.js"), "console.log('portal');");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_side_route_is_answered_with_index_html_and_no_cache()
    {
        await using var gateway = await GatewayHost.StartAsync(new ProxySettings().With("Gateway:PortalRoot", _portal));

        using var response = await gateway.Client.GetAsync("/projects/2026/review", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(IndexHtml, await response.Content.ReadAsStringAsync(Ct));
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task The_root_serves_index_html()
    {
        await using var gateway = await GatewayHost.StartAsync(new ProxySettings().With("Gateway:PortalRoot", _portal));

        using var response = await gateway.Client.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(IndexHtml, await response.Content.ReadAsStringAsync(Ct));
        EdgeTests.AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Hashed_assets_are_cached_for_a_year()
    {
        await using var gateway = await GatewayHost.StartAsync(new ProxySettings().With("Gateway:PortalRoot", _portal));

        using var response = await gateway.Client.GetAsync("/assets/index-3f2a.js", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("console.log('portal');", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Portal_scripts_keep_the_document_policy_for_the_workers_they_may_start()
    {
        await using var gateway = await GatewayHost.StartAsync(new ProxySettings().With("Gateway:PortalRoot", _portal));

        using var response = await gateway.Client.GetAsync("/assets/index-3f2a.js", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        EdgeTests.AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task A_missing_asset_is_a_404_not_index_html()
    {
        await using var gateway = await GatewayHost.StartAsync(new ProxySettings().With("Gateway:PortalRoot", _portal));

        using var response = await gateway.Client.GetAsync("/assets/gone-1234.js", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_built_portal_the_root_explains_in_a_503_page()
    {
        var empty = Directory.CreateTempSubdirectory("gateway-noportal-").FullName;
        try
        {
            await using var gateway = await GatewayHost.StartAsync(new ProxySettings().With("Gateway:PortalRoot", empty));

            using var response = await gateway.Client.GetAsync("/", Ct);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("门户尚未构建", await response.Content.ReadAsStringAsync(Ct));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(_portal, recursive: true);
}
