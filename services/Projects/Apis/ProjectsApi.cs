using Platform.ServiceDefaults;

namespace Platform.Projects.Apis;

public static class ProjectsApi
{
    /// <summary>The service's endpoint group under <c>/api/projects</c>; every endpoint in it requires a signed-in caller.</summary>
    public static RouteGroupBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/projects").RequireAuthorization();
        api.MapCaller("Projects");
        return api;
    }
}
