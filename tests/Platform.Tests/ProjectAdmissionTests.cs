using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Json;
using Platform.Contracts.Projects;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults;

namespace Platform.Tests;

/// <summary>
/// Issue 4's gate across services, through the gateway with tokens from identity: a project without a target set
/// cannot be submitted ("no target, no funds"), and the approval of its target set in targets reaches projects by
/// reliable propagation and reserves the reviewed project (入库) — also when projects is down at the moment of approval.
/// </summary>
[Collection(IdentityPlatformCollection.Name)]
public sealed class ProjectAdmissionTests(IdentityPlatformFixture platform)
{
    private const string UnitFiler = "140322.unit-filer";
    private const string DepartmentFiler = "140322.department-filer";
    private const string BusinessReviewer = "140322.business-reviewer";
    private const string PerformanceOfficer = "140322.performance-officer";
    private const string SiblingFiler = "140321.unit-filer";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_project_without_targets_is_refused_and_the_approval_of_its_targets_reserves_it_after_review()
    {
        using var filer = await SignInAsync(UnitFiler);
        var project = await CreateProjectAsync(filer, "盂县第一中学多媒体教室改造");

        using var refused = await filer.PostAsJsonAsync($"/api/projects/{project.Id}/submit", new TransitionRequest(null, project.Version), ApiJson.Options, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("target_set_missing", await CodeOfAsync(refused));
        Assert.Equal(ProjectStates.Draft, (await GetProjectAsync(filer, project.Id)).Status);

        var set = await FileTargetSetAsync(filer, project);
        await SubmitProjectAsync(filer, project.Id);

        // A sibling county sees neither the project nor its targets.
        using (var sibling = await SignInAsync(SiblingFiler))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await sibling.GetAsync($"/api/projects/{project.Id}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await sibling.GetAsync($"/api/targets/sets/{set.Id}", Ct)).StatusCode);
        }

        await ReviewAsync(project.Id, approved: 800_000.00m);
        Assert.Equal(ProjectStates.Reviewing, (await GetProjectAsync(filer, project.Id)).Status); // targets not approved yet

        await ApproveTargetsAsync(set.Id);

        var reserved = await WaitForStatusAsync(filer, project.Id, ProjectStates.Reserved, TimeSpan.FromSeconds(30));
        Assert.True(reserved.TargetSetApproved);
        Assert.Equal(800_000.00m, reserved.ApprovedAmount);
        Assert.Equal(200_000.00m, reserved.ReductionAmount);
    }

    [Fact]
    public async Task An_approval_made_while_projects_is_stopped_reserves_the_project_once_projects_is_back()
    {
        using var filer = await SignInAsync(UnitFiler);
        var project = await CreateProjectAsync(filer, "盂县第一中学校园安全监控系统");
        var set = await FileTargetSetAsync(filer, project);
        await SubmitProjectAsync(filer, project.Id);
        await ReviewAsync(project.Id, approved: 1_000_000.00m);
        await AdvanceTargetsToFinanceReviewAsync(set.Id);

        await platform.App.StopResourceAsync(ResourceNames.Projects);
        try
        {
            using var down = await filer.GetAsync($"/api/projects/{project.Id}", Ct);
            Assert.True(down.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, $"projects still answers: {(int)down.StatusCode}");
            // The last approval is taken by targets alone; its message to projects waits in the outbox.
            await ReviewTargetsAsync(PerformanceOfficer, set.Id);
        }
        finally
        {
            await platform.App.StartResourceAsync(ResourceNames.Projects);
        }
        await platform.App.WaitForResourceHealthyAsync(ResourceNames.Projects, Ct);

        var reserved = await WaitForStatusAsync(filer, project.Id, ProjectStates.Reserved, TimeSpan.FromSeconds(90));
        Assert.True(reserved.TargetSetApproved);
    }

    private async Task<HttpClient> SignInAsync(string userName)
    {
        using var browser = platform.NewBrowser();
        var tokens = await browser.SignInAsync(userName, platform.DemoPassword, ct: Ct);
        return platform.Gateway(tokens.AccessToken);
    }

    private static async Task<ProjectDto> CreateProjectAsync(HttpClient filer, string name)
    {
        var request = new SaveProjectRequest(
            Year: 2027, Name: $"{name}（{Guid.NewGuid():N}）", Kind: ProjectKinds.Project, IsNew: true,
            FundingSource: "一般公共预算", RequestedAmount: 1_000_000.00m, StartYear: 2027, EndYear: 2027,
            Description: "更新教学设备，改善教学条件", ContactName: "王老师", ContactPhone: "0353-6012345", Attachments: [], Version: null);
        using var response = await filer.PostAsJsonAsync("/api/projects", request, ApiJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProjectDto>(ApiJson.Options, Ct))!;
    }

    private static async Task<TargetSetDto> FileTargetSetAsync(HttpClient filer, ProjectDto project)
    {
        IndicatorDto Indicator(string level1, string level2, string name, decimal value, string unit, decimal points) => new(
            null, level1, level2, name, IndicatorValueKinds.Quantitative, IndicatorComparators.AtLeast, value, unit,
            IndicatorDirections.Positive, $"{name}的统计口径", "单位统计台账", points, null, null, null);
        var request = new SaveTargetSetRequest(
            TargetOwnerTypes.Project, project.Id, project.Name, project.Year, project.RequestedAmount, "改善教学条件，提高教学质量", IsKey: false,
            [
                Indicator(IndicatorLevels.Output, "quantity", "改造教室数量", 12, "间", 50),
                Indicator(IndicatorLevels.Benefit, "social", "受益学生人数", 600, "人", 40),
                Indicator(IndicatorLevels.Satisfaction, "beneficiary", "师生满意度", 90, "%", 10),
            ],
            Version: null);
        using var created = await filer.PostAsJsonAsync("/api/targets/sets", request, ApiJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var set = (await created.Content.ReadFromJsonAsync<TargetSetDto>(ApiJson.Options, Ct))!;
        using var submitted = await filer.PostAsJsonAsync($"/api/targets/sets/{set.Id}/submit", new TargetSetTransitionRequest(null, set.Version), ApiJson.Options, Ct);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync(Ct));
        return set;
    }

    private static async Task SubmitProjectAsync(HttpClient filer, Guid projectId)
    {
        var project = await GetProjectAsync(filer, projectId);
        using var submitted = await filer.PostAsJsonAsync($"/api/projects/{projectId}/submit", new TransitionRequest(null, project.Version), ApiJson.Options, Ct);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync(Ct));
        // 100万, below the 300万 ex-ante threshold: straight to review.
        Assert.Equal(ProjectStates.Reviewing, (await GetProjectAsync(filer, projectId)).Status);
    }

    /// <summary>The 业务科室's joint review: one batch with the project, 审定 set, batch closed.</summary>
    private async Task ReviewAsync(Guid projectId, decimal approved)
    {
        using var reviewer = await SignInAsync(BusinessReviewer);
        using var created = await reviewer.PostAsJsonAsync("/api/projects/review-batches", new CreateReviewBatchRequest($"2027年第{Guid.NewGuid():N}批", 2027), ApiJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var batch = (await created.Content.ReadFromJsonAsync<ReviewBatchDto>(ApiJson.Options, Ct))!;
        await EnsureAsync(await reviewer.PostAsJsonAsync($"/api/projects/review-batches/{batch.Id}/items", new AddReviewItemsRequest([projectId]), ApiJson.Options, Ct));
        await EnsureAsync(await reviewer.PutAsJsonAsync($"/api/projects/review-batches/{batch.Id}/items/{projectId}",
            new DecideReviewItemRequest(approved, approved < 1_000_000.00m ? "设备单价按市场询价核减" : null), ApiJson.Options, Ct));
        var current = (await reviewer.GetFromJsonAsync<ReviewBatchDetailDto>($"/api/projects/review-batches/{batch.Id}", ApiJson.Options, Ct))!;
        await EnsureAsync(await reviewer.PostAsJsonAsync($"/api/projects/review-batches/{batch.Id}/close", new CloseReviewBatchRequest(current.Batch.Version), ApiJson.Options, Ct));
    }

    private async Task AdvanceTargetsToFinanceReviewAsync(Guid setId)
    {
        await ReviewTargetsAsync(DepartmentFiler, setId);
        await ReviewTargetsAsync(BusinessReviewer, setId);
    }

    private async Task ApproveTargetsAsync(Guid setId)
    {
        await AdvanceTargetsToFinanceReviewAsync(setId);
        await ReviewTargetsAsync(PerformanceOfficer, setId);
    }

    private async Task ReviewTargetsAsync(string reviewer, Guid setId)
    {
        using var client = await SignInAsync(reviewer);
        var set = (await client.GetFromJsonAsync<TargetSetDto>($"/api/targets/sets/{setId}", ApiJson.Options, Ct))!;
        await EnsureAsync(await client.PostAsJsonAsync($"/api/targets/sets/{setId}/review",
            new ReviewDecisionRequest(ReviewDecisions.Approve, null, null, set.Version), ApiJson.Options, Ct));
    }

    private static async Task<ProjectDto> GetProjectAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<ProjectDto>($"/api/projects/{id}", ApiJson.Options, Ct))!;

    /// <summary>Polls until the project reaches <paramref name="status"/>; propagation is asynchronous by design.</summary>
    private static async Task<ProjectDto> WaitForStatusAsync(HttpClient client, Guid id, string status, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            using var response = await client.GetAsync($"/api/projects/{id}", Ct);
            if (response.IsSuccessStatusCode)
            {
                var project = (await response.Content.ReadFromJsonAsync<ProjectDto>(ApiJson.Options, Ct))!;
                if (project.Status == status || DateTimeOffset.UtcNow > deadline)
                {
                    Assert.Equal(status, project.Status);
                    return project;
                }
            }
            else if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"project {id} still unreadable after {timeout}: {(int)response.StatusCode}");
            }
            await Task.Delay(500, Ct);
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }

    private static async Task<string?> CodeOfAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return body.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }
}
