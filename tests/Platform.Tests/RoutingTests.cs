using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.ServiceDefaults;

namespace Platform.Tests;

/// <summary>Requests through the gateway reach the right service with real tokens; the edge and the service both check them.</summary>
public sealed class RoutingTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    public static TheoryData<string> Services => new(ResourceNames.Services.Select(s => s.Service));

    private sealed record Caller(string Service, string Instance, string Subject, string? Name, string Audience);

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Gateway_routes_each_service_path_to_that_service(string service)
    {
        using var gateway = platform.Gateway(audience: service);

        var caller = await gateway.GetFromJsonAsync<Caller>($"/api/{service}/caller", TestContext.Current.CancellationToken);

        Assert.NotNull(caller);
        Assert.Equal(service, caller.Service);
        Assert.Equal(service, caller.Audience);
        Assert.Equal("test-user", caller.Subject);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Gateway_refuses_an_api_call_without_a_token(string service)
    {
        using var gateway = platform.Gateway();

        using var response = await gateway.GetAsync($"/api/{service}/caller", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_for_another_service_passes_the_edge_but_not_the_service()
    {
        // The gateway accepts every platform audience; the service accepts only its own.
        using var gateway = platform.Gateway(audience: ResourceNames.Targets);

        using var response = await gateway.GetAsync("/api/projects/caller", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_by_an_unknown_key_is_refused_at_the_edge()
    {
        using var gateway = platform.Gateway();
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", platform.Issuer.MintTokenWithForeignKey(ResourceNames.Projects));

        using var response = await gateway.GetAsync("/api/projects/caller", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Each_services_OpenAPI_document_is_reachable_through_the_gateway(string service)
    {
        using var gateway = platform.Gateway();

        using var response = await gateway.GetAsync($"/api/{service}/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(document.RootElement.TryGetProperty("openapi", out _));
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty($"/api/{service}/caller", out _));
    }

    [Fact]
    public async Task Gateway_sets_security_headers_on_the_portal()
    {
        using var gateway = platform.Gateway();

        using var response = await gateway.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.Contains("Referrer-Policy"));
    }

    [Fact]
    public void Every_resource_of_the_graph_is_running_and_healthy()
    {
        var snapshots = platform.App.ResourceNotifications.GetSnapshots();

        var services = snapshots.Where(s => !s.IsJob).ToList();
        Assert.Contains(services, s => s.Name == ResourceNames.Gateway);
        Assert.All(ResourceNames.Services, s => Assert.Contains(services, r => r.Name == s.Service));
        Assert.All(services, s => Assert.True(s.IsHealthy, $"{s.Name} is {s.State}/{s.Health}"));
        // Migration steps ran to completion before their services started.
        Assert.All(snapshots.Where(s => s.IsJob), s => Assert.Equal("Finished", s.State));
    }
}
