using Platform.AppHost.SignIn;
using Platform.Hosting;
using Platform.ServiceDefaults;

namespace Platform.AppHost;

/// <summary>
/// The platform's resource graph: PostgreSQL with one database per service, Redis, the six services (each after its
/// migration step) and the gateway in front of them. Program.cs runs it; the test harness starts the same one.
/// </summary>
public sealed class PlatformGraph : IDistributedApplicationGraph
{
    /// <summary>Overrides <c>Identity__Url</c> for every service (tests point it at their token issuer); default: the gateway's URL, which fronts identity.</summary>
    public const string IdentityUrlKey = "Platform:Identity:Url";

    /// <summary>Overrides identity's <c>Identity__Issuer</c>; default: the gateway's URL (the public address of the provider).</summary>
    public const string IdentityIssuerKey = "Platform:Identity:Issuer";

    /// <summary>Gateway port on 127.0.0.1; 0 = a free port.</summary>
    public const string GatewayPortKey = "Platform:Gateway:Port";

    /// <summary>
    /// true (appsettings.json): identity seeds the demo province and lists its accounts, which the run prints.
    /// false (<c>./platform.sh run --no-demo</c>): identity creates one bootstrap administrator whose one-time password
    /// the run prints once.
    /// </summary>
    public const string DemoKey = "Platform:Demo";

    /// <summary>Where identity lists the demo accounts (in the data folder), for the run to print.</summary>
    public const string DemoAccountsFileName = "demo-accounts.txt";

    /// <summary>Where identity writes the bootstrap administrator's one-time password; the run prints it once and deletes it.</summary>
    public const string BootstrapPasswordFileName = "bootstrap-admin.txt";

    /// <summary>Identity's password policy: at least 10 characters with upper, lower, digit and a symbol.</summary>
    private static readonly GenerateParameterDefault DemoPasswordRules = new()
    {
        MinLength = 16, MinLower = 2, MinUpper = 2, MinNumeric = 2, MinSpecial = 1,
    };

    // Who calls whom (typed clients); references only inject addresses, they do not order the start. Each caller's
    // client at identity may ask for exactly these services' scopes.
    private static readonly Dictionary<string, string[]> Calls = new()
    {
        [ResourceNames.Identity] = [],
        [ResourceNames.Projects] = [ResourceNames.Identity, ResourceNames.Targets, ResourceNames.Evaluation],
        [ResourceNames.Targets] = [ResourceNames.Identity, ResourceNames.Projects],
        [ResourceNames.Monitoring] = [ResourceNames.Identity, ResourceNames.Projects, ResourceNames.Targets],
        [ResourceNames.Evaluation] = [ResourceNames.Identity, ResourceNames.Projects, ResourceNames.Targets, ResourceNames.Monitoring, ResourceNames.Vendors],
        [ResourceNames.Vendors] = [ResourceNames.Identity, ResourceNames.Projects, ResourceNames.Evaluation],
    };

    public static void Declare(DistributedApplicationBuilder builder)
    {
        var projects = typeof(PlatformGraph).Assembly;
        var postgres = builder.AddPostgres(ResourceNames.Postgres);
        var redis = builder.AddRedis(ResourceNames.Redis);

        var gateway = builder.AddProject(ResourceNames.Gateway, ProjectMetadata.FromAssembly(projects, "Gateway"))
            .WithHttpEndpoint(port: builder.Configuration.GetValueOrDefault(GatewayPortKey, 0))
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health");

        Func<string?> gatewayUrl = () => gateway.Resource.HttpUrls.FirstOrDefault();
        var identityUrl = builder.Configuration[IdentityUrlKey];
        var identity = string.IsNullOrEmpty(identityUrl) ? gatewayUrl : () => identityUrl;

        var services = new Dictionary<string, ResourceBuilder<ProjectResource>>();
        var migrationSteps = new Dictionary<string, ResourceBuilder<ProjectResource>>();
        foreach (var (name, databaseName) in ResourceNames.Services)
        {
            var project = ProjectMetadata.FromAssembly(projects, ProjectFileName(name));
            var database = postgres.AddDatabase(databaseName);

            ResourceBuilder<ProjectResource> Service(string resourceName) => builder.AddProject(resourceName, project)
                .WithReference(database).WaitFor(database)
                .WithReference(redis)
                .WithEnvironment("Identity__Url", identity)
                .WithEnvironment("Identity__Audience", name);

            // The schema is brought up to date by an explicit step before the service starts (dll --migrate).
            var migrations = migrationSteps[name] = Service($"{name}-migrations").WithArgs("--migrate");
            // The gateway forwards to a service over its h2c endpoint (many requests on a few connections).
            services[name] = Service(name)
                .WithHttp2Endpoint()
                .WaitFor(redis)
                .WaitForCompletion(migrations)
                .WithHttpHealthCheck("/health");
        }

        foreach (var (name, callees) in Calls)
        {
            foreach (var callee in callees)
            {
                services[name].WithReference(services[callee]);
            }
        }
        DeclareClients(builder, services);

        var issuer = builder.Configuration[IdentityIssuerKey];
        services[ResourceNames.Identity].WithEnvironment("Identity__Issuer", string.IsNullOrEmpty(issuer) ? gatewayUrl : () => issuer);
        DeclareSignIn(builder, [services[ResourceNames.Identity], migrationSteps[ResourceNames.Identity]], gatewayUrl);

        gateway.WithReference(redis).WaitFor(redis).WithEnvironment("Identity__Url", identity);
        foreach (var service in services.Values)
        {
            gateway.WithReference(service);
        }
    }

    /// <summary>
    /// Every service is a confidential client of identity (client credentials for its calls to other services), with a
    /// secret generated into the data folder: the service gets <c>Identity:ClientId/ClientSecret</c>, identity gets
    /// the client's registration <c>Identity:Clients:&lt;id&gt;:*</c> with the scopes of the services it calls.
    /// </summary>
    private static void DeclareClients(DistributedApplicationBuilder builder, Dictionary<string, ResourceBuilder<ProjectResource>> services)
    {
        var identity = services[ResourceNames.Identity];
        foreach (var (name, callees) in Calls)
        {
            var secret = builder.AddParameter($"{name}-client-secret", secret: true);
            services[name]
                .WithEnvironment("Identity__ClientId", name)
                .WithEnvironment("Identity__ClientSecret", secret);

            var client = $"Identity__Clients__{name}__";
            identity
                .WithEnvironment(client + "Secret", secret)
                .WithEnvironment(client + "Type", "confidential")
                .WithEnvironment(client + "AllowedGrantTypes__0", "client_credentials");
            for (var i = 0; i < callees.Length; i++)
            {
                identity.WithEnvironment($"{client}AllowedScopes__{i}", callees[i]);
            }
        }
    }

    /// <summary>
    /// Demo mode gives identity the demo province's shared password and where to list the accounts; otherwise where to
    /// put the bootstrap administrator's one-time password. Both identity resources get it: seeding may run in the
    /// migration step or at the service's start. The run prints either once everything is ready.
    /// </summary>
    private static void DeclareSignIn(DistributedApplicationBuilder builder, ResourceBuilder<ProjectResource>[] identity, Func<string?> portalUrl)
    {
        var demo = builder.Configuration.GetValueOrDefault(DemoKey, true);
        var report = new SignInReport(builder.DataDirectoryPath, demo);
        var password = demo ? builder.AddParameter("demo-password", DemoPasswordRules, secret: true) : null;
        foreach (var resource in identity)
        {
            resource.WithEnvironment("Identity__Demo__Enabled", demo ? "true" : "false");
            if (password is not null)
            {
                resource
                    .WithEnvironment("Identity__Demo__Password", password)
                    .WithEnvironment("Identity__Demo__AccountsFile", report.AccountsFile);
            }
            else
            {
                resource.WithEnvironment("Identity__Bootstrap__PasswordFile", report.BootstrapFile);
            }
        }
        builder.OnAllResourcesReady(print =>
        {
            // A subset graph without identity (tests) has no one to sign in with.
            if (builder.Resources.Contains(identity[0].Resource))
            {
                report.Print(print, portalUrl());
            }
        });
    }

    private static string ProjectFileName(string resourceName) => char.ToUpperInvariant(resourceName[0]) + resourceName[1..];
}

internal static class ConfigurationExtensions
{
    public static int GetValueOrDefault(this Microsoft.Extensions.Configuration.IConfiguration configuration, string key, int fallback) =>
        int.TryParse(configuration[key], out var value) ? value : fallback;

    public static bool GetValueOrDefault(this Microsoft.Extensions.Configuration.IConfiguration configuration, string key, bool fallback) =>
        configuration[key] switch
        {
            null or "" => fallback,
            var text when bool.TryParse(text, out var value) => value,
            var text => throw new HostingException($"配置 {key} 的值 '{text}' 无法理解：请用 true 或 false"),
        };
}
