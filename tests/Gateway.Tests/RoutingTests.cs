using System.Net;
using Platform.Gateway.Tests.Support;

namespace Platform.Gateway.Tests;

public sealed class RoutingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_route_path_reaches_its_own_cluster()
    {
        await using var projects = await Upstream.StartEchoAsync("projects");
        await using var targets = await Upstream.StartEchoAsync("targets");
        var settings = new ProxySettings()
            .Route("projects", "/api/projects/{**catch-all}", "projects")
            .Route("targets", "/api/targets/{**catch-all}", "targets")
            .Cluster("projects", projects.Url)
            .Cluster("targets", targets.Url);
        await using var gateway = await GatewayHost.StartAsync(settings);

        var toProjects = await Echo.ReadAsync(await gateway.Client.GetAsync("/api/projects/42", Ct));
        var toTargets = await Echo.ReadAsync(await gateway.Client.GetAsync("/api/targets/7/indicators", Ct));

        Assert.Equal(("projects", "/api/projects/42"), (toProjects.Server, toProjects.Path));
        Assert.Equal(("targets", "/api/targets/7/indicators"), (toTargets.Server, toTargets.Path));
    }

    [Fact]
    public async Task Lower_order_wins_even_over_a_more_specific_template()
    {
        await using var general = await Upstream.StartEchoAsync("general");
        await using var specific = await Upstream.StartEchoAsync("specific");
        var settings = new ProxySettings()
            .Route("general", "/api/{**catch-all}", "general", order: 1)
            .Route("specific", "/api/projects/{**catch-all}", "specific", order: 2)
            .Cluster("general", general.Url)
            .Cluster("specific", specific.Url);
        await using var gateway = await GatewayHost.StartAsync(settings);

        var echo = await Echo.ReadAsync(await gateway.Client.GetAsync("/api/projects/1", Ct));

        Assert.Equal("general", echo.Server);
    }

    [Fact]
    public async Task PathRemovePrefix_sends_the_rest_of_the_path()
    {
        await using var upstream = await Upstream.StartEchoAsync("projects");
        var settings = new ProxySettings()
            .Route("openapi", "/api/projects/openapi/{**rest}", "projects")
            .Transform("openapi", 0, ("PathRemovePrefix", "/api/projects"))
            .Cluster("projects", upstream.Url);
        await using var gateway = await GatewayHost.StartAsync(settings);

        var echo = await Echo.ReadAsync(await gateway.Client.GetAsync("/api/projects/openapi/v1.json", Ct));

        Assert.Equal("/openapi/v1.json", echo.Path);
        Assert.Equal("/api/projects", echo.Header("X-Forwarded-Prefix"));
    }

    [Fact]
    public async Task PathPrefix_and_header_transforms_apply_in_order()
    {
        await using var upstream = await Upstream.StartEchoAsync("legacy");
        var settings = new ProxySettings()
            .Route("legacy", "/api/legacy/{**catch-all}", "legacy")
            .Transform("legacy", 0, ("PathRemovePrefix", "/api/legacy"))
            .Transform("legacy", 1, ("PathPrefix", "/v2"))
            .Transform("legacy", 2, ("RequestHeader", "X-Tenant"), ("Set", "140000"))
            .Transform("legacy", 3, ("RequestHeaderRemove", "X-Debug"))
            .Cluster("legacy", upstream.Url);
        await using var gateway = await GatewayHost.StartAsync(settings);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/legacy/items");
        request.Headers.Add("X-Tenant", "spoofed");
        request.Headers.Add("X-Debug", "1");
        var echo = await Echo.ReadAsync(await gateway.Client.SendAsync(request, Ct));

        Assert.Equal("/v2/items", echo.Path);
        Assert.Equal("140000", echo.Header("X-Tenant"));
        Assert.Null(echo.Header("X-Debug"));
    }

    [Fact]
    public async Task Query_string_and_escaped_path_characters_arrive_unchanged()
    {
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        var echo = await Echo.ReadAsync(await gateway.Client.GetAsync("/api/files/a%2Fb/%E9%A1%B9%20%E7%9B%AE?name=%E5%B1%B1%E8%A5%BF&x=1&x=2", Ct));

        Assert.Equal("/api/files/a%2Fb/%E9%A1%B9%20%E7%9B%AE", echo.Path);
        Assert.Equal("?name=%E5%B1%B1%E8%A5%BF&x=1&x=2", echo.Query);
    }

    [Fact]
    public async Task A_route_matching_only_GET_does_not_forward_a_POST()
    {
        var posts = 0;
        await using var upstream = await Upstream.StartAsync(app => app.Map("/{**path}", () => Interlocked.Increment(ref posts)));
        var settings = new ProxySettings()
            .Route("read", "/api/{**catch-all}", "backend", methods: ["GET"])
            .Cluster("backend", upstream.Url);
        await using var gateway = await GatewayHost.StartAsync(settings);

        using var post = await gateway.Client.PostAsync("/api/x", new StringContent("{}"), Ct);

        await Problems.AssertAsync(post, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, Volatile.Read(ref posts));
    }

    [Fact]
    public async Task An_api_path_no_route_matches_gets_a_404_problem()
    {
        await using var upstream = await Upstream.StartEchoAsync("projects");
        var settings = new ProxySettings()
            .Route("projects", "/api/projects/{**catch-all}", "projects")
            .Cluster("projects", upstream.Url);
        await using var gateway = await GatewayHost.StartAsync(settings);

        using var response = await gateway.Client.GetAsync("/api/nowhere/1", Ct);

        await Problems.AssertAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_upstreams_empty_404_passes_through_without_a_gateway_body()
    {
        await using var upstream = await Upstream.StartAsync(app => app.Map("/{**path}", () => Results.NotFound()));
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        using var response = await gateway.Client.GetAsync("/api/projects/missing", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Request_body_and_method_are_forwarded()
    {
        await using var upstream = await Upstream.StartEchoAsync("projects");
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        var body = new string('x', 100_000);
        var echo = await Echo.ReadAsync(await gateway.Client.PutAsync("/api/projects/1", new StringContent(body), Ct));

        Assert.Equal(("PUT", 100_000L), (echo.Method, echo.BodyLength));
        Assert.Equal("text/plain; charset=utf-8", echo.Header("Content-Type"));
    }
}
