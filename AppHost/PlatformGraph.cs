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

    /// <summary>Gateway port on 127.0.0.1; 0 = a free port.</summary>
    public const string GatewayPortKey = "Platform:Gateway:Port";

    // Who calls whom (typed clients); references only inject addresses, they do not order the start.
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

        var identityUrl = builder.Configuration[IdentityUrlKey];
        Func<string?> identity = string.IsNullOrEmpty(identityUrl) ? () => gateway.Resource.HttpUrls.FirstOrDefault() : () => identityUrl;

        var services = new Dictionary<string, ResourceBuilder<ProjectResource>>();
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
            var migrations = Service($"{name}-migrations").WithArgs("--migrate");
            services[name] = Service(name)
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

        gateway.WithReference(redis).WaitFor(redis).WithEnvironment("Identity__Url", identity);
        foreach (var service in services.Values)
        {
            gateway.WithReference(service);
        }
    }

    private static string ProjectFileName(string resourceName) => char.ToUpperInvariant(resourceName[0]) + resourceName[1..];
}

internal static class ConfigurationExtensions
{
    public static int GetValueOrDefault(this Microsoft.Extensions.Configuration.IConfiguration configuration, string key, int fallback) =>
        int.TryParse(configuration[key], out var value) ? value : fallback;
}
