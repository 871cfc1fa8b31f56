using System.Net;
using Platform.Contracts.Http;

namespace Platform.Contracts.Targets;

/// <summary>The targets service as other services call it (projects' admission gate).</summary>
public sealed class TargetsClient(HttpClient http) : ApiClientBase(http)
{
    /// <summary>The live (not closed) target set of a project, or null when it has none or the caller cannot see it.</summary>
    public async Task<TargetSetDto?> FindSetByProjectAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync<TargetSetDto>(Route($"/api/targets/sets/by-project/{projectId}"), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound ? null : response.EnsureSuccess();
    }

    public Task<TargetSetDto> GetSetAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetAsync<TargetSetDto>(Route($"/api/targets/sets/{id}"), cancellationToken: cancellationToken);

    public Task<ApiResponse<TargetSetDto>> GetSetResponseAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetResponseAsync<TargetSetDto>(Route($"/api/targets/sets/{id}"), cancellationToken: cancellationToken);
}
