using Platform.Contracts.Http;

namespace Platform.Contracts.Projects;

/// <summary>
/// Typed client of the projects service (<c>http://projects</c>). Register with
/// <c>services.AddTypedClient&lt;ProjectsClient&gt;("projects")</c> plus a token handler.
/// </summary>
public sealed class ProjectsClient(HttpClient http) : ApiClientBase(http)
{
    /// <summary>The project, or the error (404 when it does not exist or is outside the caller's scope).</summary>
    public Task<ApiResponse<ProjectDto>> GetProjectResponseAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetResponseAsync<ProjectDto>(Route($"/api/projects/{id}"), cancellationToken: cancellationToken);

    public Task<ProjectDto> GetProjectAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetAsync<ProjectDto>(Route($"/api/projects/{id}"), cancellationToken: cancellationToken);
}
