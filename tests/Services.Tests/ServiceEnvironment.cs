using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.Services.Tests;

/// <summary>The environment a service gets from the AppHost (shared context, "process contract").</summary>
internal static class ServiceEnvironment
{
    public static Dictionary<string, string?> For(string service, string databaseConnectionString, string redisConnectionString, string identityUrl)
    {
        var database = ResourceNames.Services.Single(s => s.Service == service).Database;
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            [$"ConnectionStrings__{database}"] = databaseConnectionString,
            ["ConnectionStrings__redis"] = redisConnectionString,
            ["OTEL_SERVICE_NAME"] = service,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={service}-0-{Guid.NewGuid().ToString("N")[..6]}",
            ["Identity__Url"] = identityUrl,
            ["Identity__Audience"] = service,
            ["Logging__Console__FormatterName"] = "simple",
        };
        if (service == ResourceNames.Identity)
        {
            // Identity is also the OIDC provider: the AppHost tells it its public issuer address.
            environment["Identity__Issuer"] = identityUrl;
        }
        return environment;
    }

    public static string InstanceIdOf(IReadOnlyDictionary<string, string?> environment) =>
        environment["OTEL_RESOURCE_ATTRIBUTES"]!["service.instance.id=".Length..];
}
