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

    /// <summary>The project; null when it does not exist or the caller may not see it (404).</summary>
    public async Task<ProjectDto?> FindProjectAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var response = await GetProjectResponseAsync(id, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == System.Net.HttpStatusCode.NotFound ? null : response.EnsureSuccess();
    }

    public Task<ProjectDto> GetProjectAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetAsync<ProjectDto>(Route($"/api/projects/{id}"), cancellationToken: cancellationToken);

    public Task<IReadOnlyList<ProjectHistoryEntryDto>> GetHistoryAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ProjectHistoryEntryDto>>(Route($"/api/projects/{id}/history"), cancellationToken: cancellationToken);

    public Task<ProjectRulesDto> GetRulesAsync(string regionCode, CancellationToken cancellationToken = default) =>
        GetAsync<ProjectRulesDto>(Route($"/api/projects/rules/{regionCode}"), cancellationToken: cancellationToken);

    /// <summary>Delivers a message to the projects inbox (what an outbox relay does), with its idempotency key.</summary>
    public Task PostInboxAsync<TMessage>(string type, TMessage message, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostAsync(Route($"/api/projects/inbox/{type}"), message, idempotencyKey, cancellationToken);
}
