using Platform.Hosting;
using Platform.Hosting.Data;
using Platform.Hosting.Orchestration;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>
/// What the platform graph tells identity and the services about sign-in: the issuer, each service's client and
/// secret, demo mode or the bootstrap administrator. Inspected as each process would get it, without starting any.
/// </summary>
public sealed class PlatformGraphIdentityTests
{
    private const string GatewayUrl = "http://127.0.0.1:18080";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Identity_registers_each_service_as_a_client_with_the_secret_that_service_gets()
    {
        var graph = await DeclareAsync();
        var identity = graph.Environment[ResourceNames.Identity];

        foreach (var (service, _) in ResourceNames.Services)
        {
            var own = graph.Environment[service];
            var client = $"Identity__Clients__{service}__";
            Assert.Equal(service, own["Identity__ClientId"]);
            Assert.Equal(graph.Parameter($"{service}-client-secret"), own["Identity__ClientSecret"]);
            Assert.Equal(own["Identity__ClientSecret"], identity[client + "Secret"]);
            Assert.Equal("confidential", identity[client + "Type"]);
            Assert.Equal("client_credentials", identity[client + "AllowedGrantTypes__0"]);
            Assert.DoesNotContain(client + "AllowedGrantTypes__1", identity.Keys);
        }
        Assert.Equal(ResourceNames.Services.Count(), ResourceNames.Services.Select(s => graph.Environment[s.Service]["Identity__ClientSecret"]).Distinct().Count());
        Assert.All(ResourceNames.Services, s => Assert.True(graph.Environment[s.Service]["Identity__ClientSecret"].Length >= 24));
    }

    [Fact]
    public async Task A_client_may_ask_exactly_for_the_scopes_of_the_services_it_calls()
    {
        var graph = await DeclareAsync();
        var identity = graph.Environment[ResourceNames.Identity];

        foreach (var (service, _) in ResourceNames.Services)
        {
            // What the service can reach (its service-discovery references) is what its client may ask tokens for.
            var calls = graph.Builder.Resources.Single(r => r.Name == service).References.OfType<ProjectResource>().Select(r => r.Name).Order();
            var scopes = identity.Where(e => e.Key.StartsWith($"Identity__Clients__{service}__AllowedScopes__", StringComparison.Ordinal))
                .OrderBy(e => int.Parse(e.Key[(e.Key.LastIndexOf('_') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
                .Select(e => e.Value).ToList();
            Assert.Equal(calls, scopes.Order());
            Assert.Equal(scopes.Count, scopes.Distinct().Count());
        }
        Assert.Contains(ResourceNames.Identity, identity.Where(e => e.Key.StartsWith("Identity__Clients__projects__AllowedScopes__", StringComparison.Ordinal)).Select(e => e.Value));
    }

    [Fact]
    public async Task The_gateway_and_the_migration_steps_get_no_client_secret()
    {
        var graph = await DeclareAsync();

        Assert.DoesNotContain("Identity__ClientSecret", graph.Environment[ResourceNames.Gateway].Keys);
        Assert.All(ResourceNames.Services, s => Assert.DoesNotContain("Identity__ClientSecret", graph.Environment[$"{s.Service}-migrations"].Keys));
        Assert.DoesNotContain(graph.Environment[ResourceNames.Gateway].Keys, k => k.StartsWith("Identity__Clients__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_issuer_is_the_gateway_that_every_service_trusts()
    {
        var graph = await DeclareAsync();

        Assert.Equal(GatewayUrl, graph.Environment[ResourceNames.Identity]["Identity__Issuer"]);
        Assert.All(ResourceNames.Services, s => Assert.Equal(GatewayUrl, graph.Environment[s.Service]["Identity__Url"]));
        Assert.Equal(GatewayUrl, graph.Environment[ResourceNames.Gateway]["Identity__Url"]);
    }

    [Fact]
    public async Task A_test_issuer_for_the_services_leaves_identity_issuing_as_the_gateway_unless_the_issuer_is_overridden()
    {
        var pointed = await DeclareAsync(o => o.Configuration[PlatformGraph.IdentityUrlKey] = "http://127.0.0.1:19999");
        var overridden = await DeclareAsync(o => o.Configuration[PlatformGraph.IdentityIssuerKey] = "https://budget.example");

        Assert.Equal("http://127.0.0.1:19999", pointed.Environment[ResourceNames.Projects]["Identity__Url"]);
        Assert.Equal(GatewayUrl, pointed.Environment[ResourceNames.Identity]["Identity__Issuer"]);
        Assert.Equal("https://budget.example", overridden.Environment[ResourceNames.Identity]["Identity__Issuer"]);
        Assert.Equal(GatewayUrl, overridden.Environment[ResourceNames.Projects]["Identity__Url"]);
    }

    [Fact]
    public async Task Demo_mode_is_on_by_default_and_gives_identity_a_policy_compliant_password_and_the_accounts_file()
    {
        var graph = await DeclareAsync();

        foreach (var resource in new[] { ResourceNames.Identity, $"{ResourceNames.Identity}-migrations" })
        {
            var identity = graph.Environment[resource];
            Assert.Equal("true", identity["Identity__Demo__Enabled"]);
            Assert.Equal(graph.Parameter("demo-password"), identity["Identity__Demo__Password"]);
            Assert.Equal(Path.Combine(graph.Builder.Builder.DataDirectoryPath, "demo-accounts.txt"), identity["Identity__Demo__AccountsFile"]);
            Assert.DoesNotContain("Identity__Bootstrap__PasswordFile", identity.Keys);
        }
        var password = graph.Parameter("demo-password");
        Assert.True(password.Length >= 10, password);
        Assert.Contains(password, char.IsAsciiLetterUpper);
        Assert.Contains(password, char.IsAsciiLetterLower);
        Assert.Contains(password, char.IsAsciiDigit);
        Assert.Contains(password, c => !char.IsAsciiLetterOrDigit(c));
        Assert.All(ResourceNames.Services.Where(s => s.Service != ResourceNames.Identity),
            s => Assert.DoesNotContain(graph.Environment[s.Service].Keys, k => k.StartsWith("Identity__Demo__", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Without_demo_mode_identity_gets_the_bootstrap_password_file_and_no_demo_password()
    {
        var graph = await DeclareAsync(o => o.Configuration[PlatformGraph.DemoKey] = "false");

        foreach (var resource in new[] { ResourceNames.Identity, $"{ResourceNames.Identity}-migrations" })
        {
            var identity = graph.Environment[resource];
            Assert.Equal("false", identity["Identity__Demo__Enabled"]);
            Assert.DoesNotContain("Identity__Demo__Password", identity.Keys);
            Assert.DoesNotContain("Identity__Demo__AccountsFile", identity.Keys);
            Assert.Equal(Path.Combine(graph.Builder.Builder.DataDirectoryPath, "bootstrap-admin.txt"), identity["Identity__Bootstrap__PasswordFile"]);
        }
        Assert.DoesNotContain(graph.Builder.Builder.Parameters, p => p.Name == "demo-password");
    }

    [Fact]
    public async Task An_unreadable_demo_switch_is_refused_with_the_key()
    {
        var error = await Assert.ThrowsAsync<HostingException>(() => DeclareAsync(o => o.Configuration[PlatformGraph.DemoKey] = "yes please"));
        Assert.Contains(PlatformGraph.DemoKey, error.Message);
    }

    [Fact]
    public async Task The_same_data_folder_gives_the_same_secrets_to_a_second_declaration()
    {
        var secrets = Path.Combine(TestFolder.Create("graph-secrets"), "secrets.json");

        var first = await DeclareAsync(secretsPath: secrets);
        var second = await DeclareAsync(secretsPath: secrets);

        foreach (var parameter in first.Builder.Builder.Parameters)
        {
            Assert.Equal(parameter.Value, second.Parameter(parameter.Name));
        }
    }

    [Fact]
    public async Task Every_secret_identity_gets_is_masked_where_the_dashboard_shows_its_environment()
    {
        var graph = await DeclareAsync();
        var identity = graph.Environment[ResourceNames.Identity];
        var secrets = graph.Builder.Builder.Parameters.Where(p => p.Secret).Select(p => p.Value).ToList();

        var shown = SecretMasker.MaskEnvironment(identity, secrets);

        Assert.Equal(ResourceNames.Services.Count() + 1, secrets.Count);
        Assert.All(secrets, secret => Assert.DoesNotContain(shown.Values, v => v.Contains(secret, StringComparison.Ordinal)));
        Assert.Equal(SecretMasker.Mask, shown["Identity__Clients__vendors__Secret"]);
        Assert.Equal(SecretMasker.Mask, shown["Identity__Demo__Password"]);
    }

    [Fact]
    public async Task The_gateway_reaches_each_service_at_its_h2c_endpoint_and_nothing_else_gets_one()
    {
        var graph = await DeclareAsync();
        var gateway = graph.Environment[ResourceNames.Gateway];

        foreach (var (name, _) in ResourceNames.Services)
        {
            var service = graph.Environment[name];
            Assert.DoesNotContain("ASPNETCORE_URLS", service.Keys);
            Assert.StartsWith("http://127.0.0.1:", service["Kestrel__Endpoints__http__Url"], StringComparison.Ordinal);
            Assert.Equal("Http2", service["Kestrel__Endpoints__h2c__Protocols"]);
            Assert.Equal(service["Kestrel__Endpoints__h2c__Url"], gateway[$"services__{name}__h2c__0"]);
            Assert.Equal(service["Kestrel__Endpoints__http__Url"], gateway[$"services__{name}__http__0"]);
            Assert.NotEqual(service["Kestrel__Endpoints__http__Url"], service["Kestrel__Endpoints__h2c__Url"]);

            var migrations = graph.Environment[$"{name}-migrations"];
            Assert.DoesNotContain(migrations.Keys, key => key.StartsWith("Kestrel__Endpoints__", StringComparison.Ordinal));
        }

        Assert.Equal("http://127.0.0.1:18080", gateway["ASPNETCORE_URLS"]);
        Assert.DoesNotContain(gateway.Keys, key => key.StartsWith("Kestrel__Endpoints__", StringComparison.Ordinal));
    }

    private sealed record DeclaredGraph(TestingBuilder Builder, Dictionary<string, Dictionary<string, string>> Environment)
    {
        public string Parameter(string name) => Builder.Builder.Parameters.Single(p => p.Name == name).Value;
    }

    /// <summary>Declares the platform graph, gives its parameters values from a secrets file and computes each project's environment.</summary>
    private static async Task<DeclaredGraph> DeclareAsync(Action<DistributedApplicationTestingOptions>? configure = null, string? secretsPath = null)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<PlatformGraph>(o => configure?.Invoke(o), Ct);
        builder.Builder.ResolveParameters(new SecretStore(secretsPath ?? Path.Combine(TestFolder.Create("graph-secrets"), "secrets.json")));
        var port = 18080;
        foreach (var resource in builder.Resources.Where(r => r.HasHttpEndpoint))
        {
            // The gateway first, so its URL is the fixed one the assertions name.
            resource.Ports = [resource.Name == ResourceNames.Gateway ? 18080 : ++port];
            resource.Http2Ports = resource.HasHttp2Endpoint ? [port + 1000] : [];
        }
        var context = new EnvironmentContext("Development", null, null, new Dictionary<string, string>());
        var environment = builder.Resources.OfType<ProjectResource>()
            .ToDictionary(r => r.Name, r => EnvironmentBuilder.Build(r, 0, $"{r.Name}-0", context));
        return new DeclaredGraph(builder, environment);
    }
}
