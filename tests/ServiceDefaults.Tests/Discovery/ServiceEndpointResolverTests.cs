using Microsoft.Extensions.Configuration;
using Platform.ServiceDefaults.Discovery;

namespace Platform.ServiceDefaults.Tests.Discovery;

public sealed class ServiceEndpointResolverTests
{
    [Fact]
    public void Http_service_name_resolves_to_its_configured_endpoint()
    {
        var resolver = Resolver(("services:projects:http:0", "http://127.0.0.1:5101"));

        var resolved = resolver.Resolve(new Uri("http://projects/api/projects/caller?x=1"));

        Assert.Equal(new Uri("http://127.0.0.1:5101/api/projects/caller?x=1"), resolved);
    }

    [Fact]
    public void Replicas_are_used_in_turn()
    {
        var resolver = Resolver(
            ("services:projects:http:0", "http://127.0.0.1:5101"),
            ("services:projects:http:1", "http://127.0.0.1:5102"));

        var ports = Enumerable.Range(0, 4).Select(_ => resolver.Resolve(new Uri("http://projects/"))!.Port).ToArray();

        Assert.Equal([5101, 5102, 5101, 5102], ports);
    }

    [Fact]
    public void Https_plus_http_prefers_https()
    {
        var resolver = Resolver(
            ("services:projects:http:0", "http://127.0.0.1:5101"),
            ("services:projects:https:0", "https://127.0.0.1:5443"));

        Assert.Equal(new Uri("https://127.0.0.1:5443/api"), resolver.Resolve(new Uri("https+http://projects/api")));
    }

    [Fact]
    public void Https_plus_http_falls_back_to_http()
    {
        var resolver = Resolver(("services:projects:http:0", "http://127.0.0.1:5101"));

        Assert.Equal(new Uri("http://127.0.0.1:5101/api"), resolver.Resolve(new Uri("https+http://projects/api")));
    }

    [Fact]
    public void Host_that_is_not_a_configured_service_is_left_alone()
    {
        var resolver = Resolver(("services:projects:http:0", "http://127.0.0.1:5101"));

        Assert.Null(resolver.Resolve(new Uri("http://example.org/api")));
    }

    [Fact]
    public void Configured_service_without_the_scheme_fails_naming_the_setting()
    {
        var resolver = Resolver(("services:projects:https:0", "https://127.0.0.1:5443"));

        var error = Assert.Throws<HttpRequestException>(() => resolver.Resolve(new Uri("http://projects/api")));

        Assert.Contains("services:projects:http:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reloaded_configuration_takes_effect()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["services:projects:http:0"] = "http://127.0.0.1:5101" })
            .Build();
        var resolver = new ServiceEndpointResolver(configuration);
        Assert.Equal(5101, resolver.Resolve(new Uri("http://projects/"))!.Port);

        configuration["services:projects:http:0"] = "http://127.0.0.1:5201";
        configuration.Reload();

        Assert.Equal(5201, resolver.Resolve(new Uri("http://projects/"))!.Port);
    }

    [Fact]
    public async Task Handler_sends_each_attempt_to_the_next_replica_and_keeps_the_logical_address()
    {
        var resolver = Resolver(
            ("services:projects:http:0", "http://127.0.0.1:5101"),
            ("services:projects:http:1", "http://127.0.0.1:5102"));
        var stub = new Resilience.StubHandler(Resilience.StubHandler.Status(System.Net.HttpStatusCode.OK));
        using var invoker = new HttpMessageInvoker(new ServiceDiscoveryHandler(resolver) { InnerHandler = stub });
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://projects/api/projects/caller");

        (await invoker.SendAsync(request, TestContext.Current.CancellationToken)).Dispose();
        (await invoker.SendAsync(request, TestContext.Current.CancellationToken)).Dispose();

        Assert.Equal(
            ["http://127.0.0.1:5101/api/projects/caller", "http://127.0.0.1:5102/api/projects/caller"],
            stub.Requests.Select(uri => uri!.ToString()).ToArray());
        Assert.Equal(new Uri("http://projects/api/projects/caller"), request.RequestUri);
    }

    private static ServiceEndpointResolver Resolver(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());
}
