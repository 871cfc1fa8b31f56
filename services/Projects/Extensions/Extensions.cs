using Microsoft.Extensions.Options;
using Platform.Contracts.Http;
using Platform.Contracts.Targets;
using Platform.Projects.Apis;
using Platform.Projects.Infrastructure;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Imports;
using Platform.ServiceDefaults.Redis;

namespace Platform.Projects.Extensions;

public static class Extensions
{
    /// <summary>
    /// The one place the projects service is wired: its database (projectsdb), the shared Redis, its policies, the
    /// targets client for the submit gate (acting with the user's token), import jobs, and its options (checked at start).
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<ProjectsDb>(ResourceNames.ProjectsDb);
        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddImportJobs();

        builder.Services.AddAuthorizationBuilder().AddProjectPolicies();
        builder.Services.AddTypedClient<TargetsClient>(ResourceNames.Targets).AddUserTokenForwarding();

        builder.Services.AddOptions<ProjectsOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                var section = configuration.GetSection(ProjectsOptions.Section);
                options.ImportMaxUploadBytes = section.GetValue("Imports:MaxUploadBytes", options.ImportMaxUploadBytes);
                options.ImportMaxRows = section.GetValue("Imports:MaxRows", options.ImportMaxRows);
                options.ExportMaxRows = section.GetValue("Exports:MaxRows", options.ExportMaxRows);
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ProjectsOptions>, ProjectsOptionsValidator>();
        return builder;
    }

    private sealed class ProjectsOptionsValidator : IValidateOptions<ProjectsOptions>
    {
        public ValidateOptionsResult Validate(string? name, ProjectsOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
