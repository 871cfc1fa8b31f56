using Platform.Projects.Infrastructure;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Redis;

namespace Platform.Projects.Extensions;

public static class Extensions
{
    /// <summary>The one place the projects service is wired: its database (projectsdb) and the shared Redis.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<ProjectsDb>(ResourceNames.ProjectsDb);
        builder.AddRedisClient(ResourceNames.Redis);
        return builder;
    }
}
