using Platform.Gateway.Forwarding;

namespace Platform.Gateway.Tests;

public sealed class ServiceEndpointsTests
{
    [Fact]
    public void A_service_name_expands_to_one_endpoint_per_replica_in_index_order()
    {
        var configuration = Configuration(
            ("services:projects:http:1", "http://127.0.0.1:5002"),
            ("services:projects:http:0", "http://127.0.0.1:5001/"),
            ("services:projects:http:10", "http://127.0.0.1:5011"));

        var endpoints = ServiceEndpoints.Resolve(configuration, "http://projects", "k");

        Assert.Equal(["http://127.0.0.1:5001", "http://127.0.0.1:5002", "http://127.0.0.1:5011"], endpoints.Select(e => e.Address));
    }

    [Fact]
    public void A_base_path_on_the_logical_address_is_kept()
    {
        var configuration = Configuration(("services:projects:http:0", "http://127.0.0.1:5001"));

        var endpoint = Assert.Single(ServiceEndpoints.Resolve(configuration, "http://projects/base/", "k"));

        Assert.Equal("http://127.0.0.1:5001/base", endpoint.Address);
    }

    [Fact]
    public void Https_plus_http_prefers_https_endpoints()
    {
        var configuration = Configuration(
            ("services:projects:http:0", "http://127.0.0.1:5001"),
            ("services:projects:https:0", "https://127.0.0.1:5443"));

        var endpoint = Assert.Single(ServiceEndpoints.Resolve(configuration, "https+http://projects", "k"));

        Assert.Equal("https://127.0.0.1:5443", endpoint.Address);
    }

    [Fact]
    public void An_underscore_host_names_one_endpoint_of_the_service()
    {
        var configuration = Configuration(
            ("services:projects:http:0", "http://127.0.0.1:5001"),
            ("services:projects:h2c:1", "http://127.0.0.1:6002"),
            ("services:projects:h2c:0", "http://127.0.0.1:6001"));

        var endpoints = ServiceEndpoints.Resolve(configuration, "http://_h2c.projects", "k");

        Assert.Equal(["http://127.0.0.1:6001", "http://127.0.0.1:6002"], endpoints.Select(e => e.Address));
    }

    [Fact]
    public void A_named_endpoint_the_service_lacks_resolves_to_nothing_rather_than_to_another_endpoint_or_dns()
    {
        var configuration = Configuration(("services:projects:http:0", "http://127.0.0.1:5001"));

        Assert.Empty(ServiceEndpoints.Resolve(configuration, "http://_h2c.projects", "k"));
        Assert.Empty(ServiceEndpoints.Resolve(configuration, "http://_h2c.targets", "k"));
    }

    [Fact]
    public void A_literal_address_is_used_as_is()
    {
        var endpoint = Assert.Single(ServiceEndpoints.Resolve(Configuration(), "http://10.0.0.5:8080", "k"));

        Assert.Equal("http://10.0.0.5:8080", endpoint.Address);
    }

    [Fact]
    public void A_service_name_without_endpoints_resolves_to_nothing()
    {
        Assert.Empty(ServiceEndpoints.Resolve(Configuration(), "http://projects", "k"));
    }

    [Fact]
    public void A_malformed_endpoint_names_its_key()
    {
        var configuration = Configuration(("services:projects:http:0", "not a url"));

        var error = Assert.Throws<ProxyConfigException>(() => ServiceEndpoints.Resolve(configuration, "http://projects", "k"));

        Assert.Contains("services:projects:http:0", error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
}
