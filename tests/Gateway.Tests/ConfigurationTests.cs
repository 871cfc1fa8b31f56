using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using Platform.Gateway.Tests.Support;

namespace Platform.Gateway.Tests;

public sealed class ConfigurationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    public async Task Kestrel_schedules_inline_unless_the_gateway_is_told_not_to(string? setting, bool expected)
    {
        var settings = ProxySettings.To("http://127.0.0.1:1");
        if (setting is not null)
        {
            settings = settings.With("Gateway:InlineScheduling", setting);
        }

        await using var gateway = await GatewayHost.StartAsync(settings);

        var sockets = gateway.App.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
        Assert.Equal(expected, sockets.UnsafePreferInlineScheduling);
    }

    [Fact]
    public async Task A_route_naming_an_unknown_cluster_stops_the_start_and_names_the_key()
    {
        var settings = new ProxySettings().Route("projects", "/api/projects/{**catch-all}", "projcts").Cluster("projects", "http://127.0.0.1:1");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync(settings));

        Assert.Contains("ReverseProxy:Routes:projects:ClusterId", error.Message);
        Assert.Contains("projcts", error.Message);
    }

    [Fact]
    public async Task A_bad_route_template_stops_the_start_and_names_the_key()
    {
        var settings = new ProxySettings().Route("broken", "/api/{**catch-all", "backend").Cluster("backend", "http://127.0.0.1:1");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync(settings));

        Assert.Contains("ReverseProxy:Routes:broken:Match:Path", error.Message);
    }

    [Fact]
    public async Task An_unknown_transform_stops_the_start_and_names_the_entry()
    {
        var settings = ProxySettings.To("http://127.0.0.1:1").Transform("all", 0, ("PathRewriteMagic", "/x"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync(settings));

        Assert.Contains("ReverseProxy:Routes:all:Transforms:0", error.Message);
    }

    [Fact]
    public async Task An_unparseable_timeout_stops_the_start_and_names_the_key()
    {
        var settings = ProxySettings.To("http://127.0.0.1:1").With("ReverseProxy:Clusters:backend:HttpRequest:ActivityTimeout", "soon");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync(settings));

        Assert.Contains("ReverseProxy:Clusters:backend:HttpRequest:ActivityTimeout", error.Message);
    }

    [Fact]
    public async Task A_configuration_change_is_picked_up_without_a_restart()
    {
        await using var before = await Upstream.StartEchoAsync("before");
        await using var after = await Upstream.StartEchoAsync("after");
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(before.Url));
        Assert.Equal("before", (await Echo.ReadAsync(await gateway.Client.GetAsync("/api/x", Ct))).Server);

        gateway.App.Configuration["ReverseProxy:Clusters:backend:Destinations:d0:Address"] = after.Url;
        ((IConfigurationRoot)gateway.App.Configuration).Reload();

        await Eventually.HoldsAsync(
            async () => (await Echo.ReadAsync(await gateway.Client.GetAsync("/api/x", Ct))).Server == "after",
            "requests follow the changed destination");
    }

    [Fact]
    public async Task An_invalid_change_is_rejected_and_the_last_good_configuration_keeps_serving()
    {
        await using var upstream = await Upstream.StartEchoAsync("kept");
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(upstream.Url));

        gateway.App.Configuration["ReverseProxy:Routes:all:ClusterId"] = "missing";
        ((IConfigurationRoot)gateway.App.Configuration).Reload();

        Assert.Equal("kept", (await Echo.ReadAsync(await gateway.Client.GetAsync("/api/x", Ct))).Server);
    }

    /// <summary>The shipped appsettings.json, with two projects replicas as the AppHost injects them.</summary>
    [Fact]
    public async Task Shipped_routes_expose_openapi_anonymously_and_require_a_user_for_the_api()
    {
        // The shipped clusters reach the services' h2c endpoints, which speak only HTTP/2.
        await using var a = await Upstream.StartEchoAsync("projects-0", protocols: HttpProtocols.Http2);
        await using var b = await Upstream.StartEchoAsync("projects-1", protocols: HttpProtocols.Http2);
        var settings = ShippedSettings();
        settings["services:projects:h2c:0"] = a.Url;
        settings["services:projects:h2c:1"] = b.Url;
        await using var gateway = await GatewayHost.StartAsync(settings);

        var first = await Echo.ReadAsync(await gateway.Client.GetAsync("/api/projects/openapi/v1.json", Ct));
        var second = await Echo.ReadAsync(await gateway.Client.GetAsync("/api/projects/openapi/v1.json", Ct));
        using var api = await gateway.Client.GetAsync("/api/projects/items", Ct);

        Assert.Equal("/openapi/v1.json", first.Path);
        Assert.NotEqual(first.Server, second.Server);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/connect/token")]
    [InlineData("/account/login")]
    public async Task Shipped_routes_front_identitys_endpoints_anonymously(string path)
    {
        await using var identity = await Upstream.StartEchoAsync("identity", protocols: HttpProtocols.Http2);
        var settings = ShippedSettings();
        settings["services:identity:h2c:0"] = identity.Url;
        await using var gateway = await GatewayHost.StartAsync(settings);

        var echo = await Echo.ReadAsync(await gateway.Client.GetAsync(path, Ct));

        Assert.Equal(("identity", path), (echo.Server, echo.Path));
    }

    [Fact]
    public void Shipped_configuration_routes_every_service()
    {
        var settings = ShippedSettings();

        foreach (var service in new[] { "identity", "projects", "targets", "monitoring", "evaluation", "vendors" })
        {
            Assert.Equal($"/api/{service}/{{**catch-all}}", settings[$"ReverseProxy:Routes:{service}-api:Match:Path"]);
            Assert.Equal("default", settings[$"ReverseProxy:Routes:{service}-api:AuthorizationPolicy"]);
            Assert.Equal($"http://_h2c.{service}", settings[$"ReverseProxy:Clusters:{service}:Destinations:{service}:Address"]);
            Assert.Equal("2", settings[$"ReverseProxy:Clusters:{service}:HttpRequest:Version"]);
            Assert.Equal("RequestVersionExact", settings[$"ReverseProxy:Clusters:{service}:HttpRequest:VersionPolicy"]);
            Assert.Equal("true", settings[$"ReverseProxy:Clusters:{service}:HealthCheck:Active:Enabled"], ignoreCase: true);
        }
    }

    private static ProxySettings ShippedSettings()
    {
        var project = typeof(GatewayApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GatewayProjectDirectory").Value!;
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(project, "appsettings.json")).Build();
        var settings = new ProxySettings();
        foreach (var (key, value) in shipped.AsEnumerable().Where(pair => pair.Value is not null))
        {
            if (!key.StartsWith("Gateway:", StringComparison.OrdinalIgnoreCase) && !key.StartsWith("Identity:", StringComparison.OrdinalIgnoreCase))
            {
                settings[key] = value;
            }
        }

        return settings;
    }
}
