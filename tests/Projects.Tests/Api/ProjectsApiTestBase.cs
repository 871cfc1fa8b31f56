using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Json;
using Platform.Contracts.Projects;
using Platform.Testing;

namespace Platform.Projects.Tests.Api;

/// <summary>Calls and assertions the projects API tests share.</summary>
public abstract class ProjectsApiTestBase(ProjectsHost host) : ServiceApiTests<TestUser>(host.Client)
{
    protected ProjectsHost Host { get; } = host;

    protected static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 8)];

    protected static SaveProjectRequest NewProject(string? name = null, decimal amount = 1_000_000.00m, bool isNew = true,
        string kind = ProjectKinds.Project, int year = 2027, uint? version = null) =>
        new(year, name ?? Unique("项目"), kind, isNew, "一般公共预算", amount, year, year + 1, "改善办学条件", "张三", "0353-1234567",
            [new AttachmentDto("可行性研究报告.pdf", 204_800, "application/pdf", null)], version);

    protected async Task<ProjectDto> CreateAsync(TestUser filer, SaveProjectRequest? request = null) =>
        await Read<ProjectDto>(await Post(filer, "/api/projects", request ?? NewProject()), HttpStatusCode.Created);

    protected async Task<ProjectDto> GetAsync(TestUser user, Guid id) => await Read<ProjectDto>(await Get(user, $"/api/projects/{id}"));

    /// <summary>A project with a target set, submitted: in PRE_ASSESSING or REVIEWING by the region's rule.</summary>
    protected async Task<ProjectDto> SubmittedAsync(TestUser filer, SaveProjectRequest? request = null)
    {
        var project = await CreateAsync(filer, request);
        Host.GiveTargetSet(project.Id);
        return await Read<ProjectDto>(await Post(filer, $"/api/projects/{project.Id}/submit", new TransitionRequest("请审核", project.Version)));
    }

    protected async Task<ReviewBatchDto> CreateBatchAsync(TestUser officer, int year = 2027) =>
        await Read<ReviewBatchDto>(await Post(officer, "/api/projects/review-batches", new CreateReviewBatchRequest(Unique("评审批次"), year)), HttpStatusCode.Created);

    protected async Task<ReviewBatchDetailDto> AddToBatchAsync(TestUser officer, Guid batchId, params Guid[] projectIds) =>
        await Read<ReviewBatchDetailDto>(await Post(officer, $"/api/projects/review-batches/{batchId}/items", new AddReviewItemsRequest(projectIds)));

    protected async Task<ReviewItemDto> DecideAsync(TestUser officer, Guid batchId, Guid projectId, decimal approved, string? reason = "压减非必要支出") =>
        await Read<ReviewItemDto>(await Put(officer, $"/api/projects/review-batches/{batchId}/items/{projectId}", new DecideReviewItemRequest(approved, reason)));

    protected async Task<ReviewBatchDetailDto> CloseAsync(TestUser officer, Guid batchId) =>
        await Read<ReviewBatchDetailDto>(await Post(officer, $"/api/projects/review-batches/{batchId}/close", new { }));

    /// <summary>Delivers an inbox message as another service's outbox relay does.</summary>
    protected async Task<HttpResponseMessage> Deliver<T>(string type, T message, string? key, string sender = "targets")
    {
        using var client = Host.ServiceClient(sender);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/inbox/{type}") { Content = JsonContent.Create(message, options: ApiJson.Options) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return await client.SendAsync(request, Ct);
    }

    protected Task<HttpResponseMessage> Approve(Guid projectId, string? key = null) =>
        Deliver(ProjectsMessages.TargetSetApproved,
            new TargetSetApprovedMessage(projectId, Host.TargetSets.TryGetValue(projectId, out var set) ? set.Id : Guid.NewGuid(), 1, DateTimeOffset.UtcNow),
            key ?? Guid.NewGuid().ToString());

    protected async Task<ProjectHistoryEntryDto[]> HistoryAsync(TestUser user, Guid id) =>
        await Read<ProjectHistoryEntryDto[]>(await Get(user, $"/api/projects/{id}/history"));
}
