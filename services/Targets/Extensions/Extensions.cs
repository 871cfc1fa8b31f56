using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Contracts.Http;
using Platform.Contracts.Projects;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Imports;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Redis;
using Platform.Targets.Apis;
using Platform.Targets.Infrastructure;

namespace Platform.Targets.Extensions;

public static class Extensions
{
    /// <summary>
    /// The one place the targets service is wired: its database (targetsdb), Redis (the indicator library cache), the
    /// projects client acting with the user's token (the project check when a set is filed), the outbox relay to
    /// projects (approval and withdrawal of project sets), import progress, and the service's policies.
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<TargetsDb>(ResourceNames.TargetsDb);
        builder.AddRedisClient(ResourceNames.Redis);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LibraryCache>();
        builder.Services.AddTypedClient<ProjectsClient>(ResourceNames.Projects).AddUserTokenForwarding();
        builder.AddOutboxRelay<TargetsDb>();
        builder.AddImportJobs();
        builder.Services.AddAuthorizationBuilder().AddTargetsPolicies();
        return builder;
    }
}
