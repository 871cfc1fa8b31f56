using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Json;
using Platform.Contracts.Projects;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults;
using Platform.Targets.Infrastructure;
using Platform.Testing;

namespace Platform.Projects.Tests.Api;

/// <summary>
/// Projects beside the real targets service, each on its own database, calling each other through their typed clients
/// with the user's portal token (for both services, as identity issues it).
/// </summary>
public sealed class TargetsGateHost : ProjectsHost
{
    public ServiceUnderTest<TargetsDb> Targets { get; private set; } = null!;

    protected override string DatabasePrefix => "projects_gate";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Targets = await ServiceUnderTest<TargetsDb>.StartAsync(ResourceNames.Targets, Issuer, "projects_gate_targets", web =>
        {
            // The test delivers the outbox itself (below), as the relay would.
            web.UseSetting("Outbox:Enabled", "false");
            web.ConfigureTestServices(services =>
                services.AddHttpClient<ProjectsClient>().ConfigurePrimaryHttpMessageHandler(() => Factory.Server.CreateHandler()));
        }, ct: Ct);
    }

    protected override HttpMessageHandler TargetsHandler() => Targets.Factory.Server.CreateHandler();

    /// <summary>A client of the targets service with the user's portal token.</summary>
    public HttpClient TargetsClientFor(TestUser user) => Targets.Client(TokenFor(user));

    /// <summary>The messages targets queued for projects, oldest first.</summary>
    public async Task<List<(Guid Id, string Type, string Payload)>> OutboxForProjectsAsync()
    {
        var rows = await Targets.WithDbAsync((TargetsDb db) =>
            db.OutboxMessages.AsNoTracking().Where(m => m.Destination == ResourceNames.Projects).OrderBy(m => m.CreatedAt).ToListAsync(Ct));
        return rows.Select(m => (m.Id, m.Type, m.Payload)).ToList();
    }

    public override async ValueTask DisposeAsync()
    {
        await Targets.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>The admission gate against the real targets service: no target set, no submission; approval there, 入库 here.</summary>
public class TargetsGateTests(TargetsGateHost host) : ProjectsApiTestBase(host), IClassFixture<TargetsGateHost>
{
    private new TargetsGateHost Host => (TargetsGateHost)base.Host;

    private static IndicatorDto Indicator(string level1, string level2, string name, decimal points) =>
        new(null, level1, level2, name, IndicatorValueKinds.Quantitative, ">=", 100m, "人次", "positive", "培训覆盖教师人次", "培训签到表", points, null, null, null);

    private async Task<T> Call<T>(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body, options: ApiJson.Options) };
        return await Read<T>(await client.SendAsync(request, Ct), expected);
    }

    [Fact]
    public async Task A_project_is_submitted_only_with_a_target_set_in_targets_and_reserved_when_targets_approves_it()
    {
        var filer = TestUsers.YuxianUnitFiler;
        using var portal = Host.Client(filer);
        var project = await Call<ProjectDto>(portal, HttpMethod.Post, "/api/projects", NewProject(amount: 800_000.00m), HttpStatusCode.Created);

        var refused = await Expect(await portal.PostAsync($"/api/projects/{project.Id}/submit", null, Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("target_set_missing", Code(refused));
        Assert.Equal("项目未编报绩效目标，视同无效项目，不得提交", refused.GetProperty("detail").GetString());

        // The filer files the target set in targets, which checks the project here with the same token.
        using var targets = Host.TargetsClientFor(filer);
        var set = await Call<TargetSetDto>(targets, HttpMethod.Post, "/api/targets/sets", new SaveTargetSetRequest(
            TargetOwnerTypes.Project, project.Id, null, 2027, null, "提升教师信息化教学能力", false,
            [Indicator(IndicatorLevels.Output, "quantity", "培训教师人次", 60m), Indicator(IndicatorLevels.Benefit, "social", "受益学生人次", 40m)], null),
            HttpStatusCode.Created);
        Assert.Equal((project.Id, project.Name), (set.ProjectId!.Value, set.OwnerName));

        var submitted = await Call<ProjectDto>(portal, HttpMethod.Post, $"/api/projects/{project.Id}/submit", new TransitionRequest(null, null));
        Assert.Equal((ProjectStates.Reviewing, set.Id, TargetSetStates.Draft), (submitted.Status, submitted.TargetSetId!.Value, submitted.TargetSetStatus));

        // Review here, then the set's review in targets: department, 业务科室, 绩效科.
        var batch = await CreateBatchAsync(TestUsers.YuxianPerformanceOfficer);
        await AddToBatchAsync(TestUsers.YuxianPerformanceOfficer, batch.Id, project.Id);
        await DecideAsync(TestUsers.YuxianPerformanceOfficer, batch.Id, project.Id, 700_000.00m);
        await CloseAsync(TestUsers.YuxianPerformanceOfficer, batch.Id);
        Assert.Equal(ProjectStates.Reviewing, (await GetAsync(filer, project.Id)).Status);

        set = await Call<TargetSetDto>(targets, HttpMethod.Post, $"/api/targets/sets/{set.Id}/submit", new TargetSetTransitionRequest(null, set.Version));
        foreach (var reviewer in new[] { TestUsers.YuxianDepartmentFiler, TestUsers.YuxianBusinessReviewer, TestUsers.YuxianPerformanceOfficer })
        {
            using var client = Host.TargetsClientFor(reviewer);
            set = await Call<TargetSetDto>(client, HttpMethod.Post, $"/api/targets/sets/{set.Id}/review", new ReviewDecisionRequest("approve", null, null, set.Version));
        }
        Assert.Equal(TargetSetStates.Approved, set.Status);

        // What targets queued for projects is what the projects inbox takes: deliver it as the relay does.
        var message = Assert.Single(await Host.OutboxForProjectsAsync());
        Assert.Equal(ProjectsMessages.TargetSetApproved, message.Type);
        var approval = JsonSerializer.Deserialize<TargetSetApprovedMessage>(message.Payload, ApiJson.Options)!;
        Assert.Equal((project.Id, set.Id), (approval.ProjectId, approval.TargetSetId));
        await AssertStatus(await Deliver(message.Type, approval, message.Id.ToString()), HttpStatusCode.OK);
        await AssertStatus(await Deliver(message.Type, approval, message.Id.ToString()), HttpStatusCode.OK);

        var reserved = await GetAsync(filer, project.Id);
        Assert.Equal((ProjectStates.Reserved, true, set.Id), (reserved.Status, reserved.TargetSetApproved, reserved.TargetSetId!.Value));
        Assert.Single(await HistoryAsync(filer, project.Id), h => h.ToState == ProjectStates.Reserved);
    }
}
