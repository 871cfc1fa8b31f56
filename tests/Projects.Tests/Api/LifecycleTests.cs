using System.Net;
using Platform.Contracts.Projects;

namespace Platform.Projects.Tests.Api;

/// <summary>The lifecycle through the API: the submit gate, ex-ante, review, admission from the inbox, budget and 批复.</summary>
public class LifecycleTests(ProjectsHost host) : ProjectsApiTestBase(host), IClassFixture<ProjectsHost>
{
    private static ExAnteScoreDto[] Scores(params decimal[] points) =>
        ExAnteDimensions.All.Select((d, i) => new ExAnteScoreDto(d, "", 20m, points[i], "依据充分", "可研报告第3章")).ToArray();

    [Fact]
    public async Task A_project_goes_from_filing_through_ex_ante_and_review_to_approval()
    {
        var filer = TestUsers.YuxianUnitFiler;
        var officer = TestUsers.YuxianPerformanceOfficer;
        var project = await CreateAsync(filer, NewProject(amount: 3_000_000.00m));

        // No target set: refused, and nothing moved.
        var refused = await Expect(await Post(filer, $"/api/projects/{project.Id}/submit", new TransitionRequest(null, project.Version)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("target_set_missing", Code(refused));
        Assert.Equal("项目未编报绩效目标，视同无效项目，不得提交", refused.GetProperty("detail").GetString());
        Assert.Equal(ProjectStates.Draft, (await GetAsync(filer, project.Id)).Status);

        // With a target set, a new 300万 project needs an ex-ante assessment (boundary included).
        var set = Host.GiveTargetSet(project.Id);
        var submitted = await Read<ProjectDto>(await Post(filer, $"/api/projects/{project.Id}/submit", new TransitionRequest("请审核", project.Version)));
        Assert.Equal(ProjectStates.PreAssessing, submitted.Status);
        Assert.True(submitted.ExAnteRequired);
        Assert.Equal((set.Id, "DRAFT"), (submitted.TargetSetId!.Value, submitted.TargetSetStatus));

        var form = await Read<ExAnteAssessmentDto>(await Get(TestUsers.YuxianExpert, $"/api/projects/{project.Id}/ex-ante"));
        Assert.Equal(85.00m, form.PassMark);
        Assert.Equal(ExAnteDimensions.All, form.Scores.Select(s => s.Dimension));
        Assert.Equal("立项必要性", form.Scores[0].DimensionName);
        var scored = await Read<ExAnteAssessmentDto>(await Put(TestUsers.YuxianExpert, $"/api/projects/{project.Id}/ex-ante",
            new SaveExAnteRequest(Scores(17, 17, 17, 17, 17), ExAnteAssessorKinds.Expert, "专家组-2027-01", form.Version)));
        Assert.Equal(85.00m, scored.Total);
        Assert.True(scored.Passed);
        var completed = await Read<ExAnteAssessmentDto>(await Post(TestUsers.YuxianExpert, $"/api/projects/{project.Id}/ex-ante/complete",
            new CompleteExAnteRequest(ExAnteOutcomes.Supported, "立项依据充分，予以支持", scored.Version)));
        Assert.Equal(ExAnteOutcomes.Supported, completed.Outcome);
        Assert.Equal(ProjectStates.Reviewing, (await GetAsync(filer, project.Id)).Status);

        // Review: 审定 2,400,000.00, closed before the target set is approved → review done, not yet 入库.
        var batch = await CreateBatchAsync(officer);
        await AddToBatchAsync(officer, batch.Id, project.Id);
        await DecideAsync(officer, batch.Id, project.Id, 2_400_000.00m);
        var closed = await CloseAsync(officer, batch.Id);
        Assert.Equal(ReviewBatchStates.Closed, closed.Batch.Status);
        var reviewed = await GetAsync(filer, project.Id);
        Assert.Equal(ProjectStates.Reviewing, reviewed.Status);
        Assert.Equal((2_400_000.00m, 600_000.00m), (reviewed.ApprovedAmount!.Value, reviewed.ReductionAmount!.Value));

        // Budgeting before 入库 is refused.
        await AssertStatus(await Post(TestUsers.YuxianBudgetOfficer, $"/api/projects/{project.Id}/budget", new TransitionRequest(null, null)), HttpStatusCode.UnprocessableEntity);

        // The approval arrives from targets after the review: 入库.
        await AssertStatus(await Approve(project.Id), HttpStatusCode.OK);
        var reserved = await GetAsync(filer, project.Id);
        Assert.Equal(ProjectStates.Reserved, reserved.Status);
        Assert.True(reserved.TargetSetApproved);

        // Only 预算科 budgets and approves.
        await AssertStatus(await Post(officer, $"/api/projects/{project.Id}/budget", new TransitionRequest(null, null)), HttpStatusCode.Forbidden);
        var budgeted = await Read<ProjectDto>(await Post(TestUsers.YuxianBudgetOfficer, $"/api/projects/{project.Id}/budget", new TransitionRequest(null, reserved.Version)));
        Assert.Equal(ProjectStates.Budgeted, budgeted.Status);
        var approved = await Read<ProjectDto>(await Post(TestUsers.YuxianBudgetOfficer, $"/api/projects/{project.Id}/approve", new TransitionRequest("2027年预算批复", budgeted.Version)));
        Assert.Equal(ProjectStates.Approved, approved.Status);

        var history = await HistoryAsync(TestUsers.YuxianPerformanceOfficer, project.Id);
        Assert.Equal(
            [
                (null, ProjectStates.Draft), (ProjectStates.Draft, ProjectStates.Submitted), (ProjectStates.Submitted, ProjectStates.PreAssessing),
                (ProjectStates.PreAssessing, ProjectStates.Reviewing), (ProjectStates.Reviewing, ProjectStates.Reviewing),
                (ProjectStates.Reviewing, ProjectStates.Reserved), (ProjectStates.Reserved, ProjectStates.Budgeted), (ProjectStates.Budgeted, ProjectStates.Approved),
            ],
            history.Select(h => (h.FromState, h.ToState)));
        Assert.Equal("请审核", history[1].Comment);
        Assert.Contains("300.00万元", history[2].Comment);
        Assert.Contains("总分85.00", history[3].Comment);
        Assert.Equal("2027年预算批复", history[^1].Comment);
        Assert.All(history, h => Assert.False(string.IsNullOrEmpty(h.ActorName)));
    }

    [Theory]
    [InlineData("2999999.99", true, ProjectStates.Reviewing)]
    [InlineData("3000000.00", true, ProjectStates.PreAssessing)]
    [InlineData("8000000.00", false, ProjectStates.Reviewing)]
    public async Task Submission_routes_by_the_region_s_ex_ante_rule(string amount, bool isNew, string state)
    {
        var project = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject(amount: decimal.Parse(amount), isNew: isNew));
        Assert.Equal(state, project.Status);
        Assert.Equal(state == ProjectStates.PreAssessing, project.ExAnteRequired);
    }

    [Fact]
    public async Task An_assessment_under_the_pass_mark_cannot_be_supported_only_refused()
    {
        var project = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject(amount: 5_000_000.00m));
        var form = await Read<ExAnteAssessmentDto>(await Get(TestUsers.YuxianPerformanceOfficer, $"/api/projects/{project.Id}/ex-ante"));
        var scored = await Read<ExAnteAssessmentDto>(await Put(TestUsers.YuxianPerformanceOfficer, $"/api/projects/{project.Id}/ex-ante",
            new SaveExAnteRequest(Scores(17, 17, 17, 17, 16.99m), null, null, form.Version)));
        Assert.Equal(84.99m, scored.Total);
        Assert.False(scored.Passed);

        var problem = await Expect(await Post(TestUsers.YuxianPerformanceOfficer, $"/api/projects/{project.Id}/ex-ante/complete",
            new CompleteExAnteRequest(ExAnteOutcomes.Supported, "支持", null)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("ex_ante_not_passed", Code(problem));
        Assert.StartsWith("总分84.99低于通过分数线85.00", FieldMessages(problem, "total")[0]);
        Assert.Equal(ProjectStates.PreAssessing, (await GetAsync(TestUsers.YuxianDepartmentFiler, project.Id)).Status);

        await Read<ExAnteAssessmentDto>(await Post(TestUsers.YuxianPerformanceOfficer, $"/api/projects/{project.Id}/ex-ante/complete",
            new CompleteExAnteRequest(ExAnteOutcomes.NotSupported, "绩效目标不明确", null)));
        var rejected = await GetAsync(TestUsers.YuxianDepartmentFiler, project.Id);
        Assert.Equal((ProjectStates.NotSupported, ExAnteOutcomes.NotSupported), (rejected.Status, rejected.ExAnteOutcome));
    }

    [Fact]
    public async Task Scores_out_of_range_are_400s_and_incomplete_scoring_cannot_be_supported()
    {
        var project = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject(amount: 5_000_000.00m));
        var form = await Read<ExAnteAssessmentDto>(await Get(TestUsers.YuxianPerformanceOfficer, $"/api/projects/{project.Id}/ex-ante"));
        var problem = await Expect(await Put(TestUsers.YuxianPerformanceOfficer, $"/api/projects/{project.Id}/ex-ante",
            new SaveExAnteRequest([new ExAnteScoreDto(ExAnteDimensions.Economy, "", 20m, 20.01m, null, null)], null, null, form.Version)), HttpStatusCode.BadRequest);
        Assert.Equal(["投入经济性得分应在0到20之间，最多两位小数"], FieldMessages(problem, "scores[0].points"));

        await Read<ExAnteAssessmentDto>(await Put(TestUsers.YuxianPerformanceOfficer, $"/api/projects/{project.Id}/ex-ante",
            new SaveExAnteRequest([new ExAnteScoreDto(ExAnteDimensions.Economy, "", 20m, 20m, null, null)], null, null, form.Version)));
        var incomplete = await Expect(await Post(TestUsers.YuxianPerformanceOfficer, $"/api/projects/{project.Id}/ex-ante/complete",
            new CompleteExAnteRequest(ExAnteOutcomes.SupportedAfterAdjustment, "调整后支持", null)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["“立项必要性”尚未评分"], FieldMessages(incomplete, "scores.necessity"));
        // A stale version of the form is a conflict.
        await AssertStatus(await Put(TestUsers.YuxianPerformanceOfficer, $"/api/projects/{project.Id}/ex-ante",
            new SaveExAnteRequest([], null, null, form.Version)), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Agency_staff_read_and_score_only_projects_needing_an_assessment()
    {
        var assessed = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject(amount: 3_500_000.00m));
        var form = await Read<ExAnteAssessmentDto>(await Get(TestUsers.AgencyStaff, $"/api/projects/{assessed.Id}/ex-ante"));
        var scored = await Read<ExAnteAssessmentDto>(await Put(TestUsers.AgencyStaff, $"/api/projects/{assessed.Id}/ex-ante",
            new SaveExAnteRequest(Scores(20, 20, 20, 20, 20), null, "政府采购-2027-008", form.Version)));
        Assert.Equal((ExAnteAssessorKinds.Agency, "政府采购-2027-008"), (scored.AssessorKind, scored.EngagementRef));

        var plain = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject(amount: 100.00m));
        await AssertStatus(await Get(TestUsers.AgencyStaff, $"/api/projects/{plain.Id}/ex-ante"), HttpStatusCode.NotFound);
        // Filers never score.
        await AssertStatus(await Put(TestUsers.YuxianDepartmentFiler, $"/api/projects/{assessed.Id}/ex-ante",
            new SaveExAnteRequest([], null, null, scored.Version)), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_returned_project_is_edited_and_resubmitted_and_the_return_needs_a_comment()
    {
        var project = await SubmittedAsync(TestUsers.YuxianDepartmentFiler);
        var noComment = await Expect(await Post(TestUsers.YuxianBusinessReviewer, $"/api/projects/{project.Id}/return", new TransitionRequest(" ", null)), HttpStatusCode.BadRequest);
        Assert.Equal(["退回意见不能为空"], FieldMessages(noComment, "comment"));
        await AssertStatus(await Post(TestUsers.YuxianDepartmentFiler, $"/api/projects/{project.Id}/return", new TransitionRequest("x", null)), HttpStatusCode.Forbidden);

        var returned = await Read<ProjectDto>(await Post(TestUsers.YuxianBusinessReviewer, $"/api/projects/{project.Id}/return",
            new TransitionRequest("实施方案不完整", project.Version)));
        Assert.Equal(ProjectStates.Returned, returned.Status);
        var edited = await Read<ProjectDto>(await Put(TestUsers.YuxianDepartmentFiler, $"/api/projects/{project.Id}",
            NewProject(project.Name, 900_000.00m, version: returned.Version)));
        var resubmitted = await Read<ProjectDto>(await Post(TestUsers.YuxianDepartmentFiler, $"/api/projects/{project.Id}/submit", new TransitionRequest(null, edited.Version)));
        Assert.Equal(ProjectStates.Reviewing, resubmitted.Status);
        var history = await HistoryAsync(TestUsers.YuxianDepartmentFiler, project.Id);
        Assert.Contains(history, h => h.ToState == ProjectStates.Returned && h.Comment == "实施方案不完整");
    }

    [Fact]
    public async Task A_stale_version_on_a_transition_is_a_conflict_and_a_wrong_state_a_422()
    {
        var project = await CreateAsync(TestUsers.YuxianDepartmentFiler);
        Host.GiveTargetSet(project.Id);
        var conflict = await Expect(await Post(TestUsers.YuxianDepartmentFiler, $"/api/projects/{project.Id}/submit",
            new TransitionRequest(null, project.Version + 1)), HttpStatusCode.Conflict);
        Assert.Equal("version_conflict", Code(conflict));
        var state = await Expect(await Post(TestUsers.YuxianBudgetOfficer, $"/api/projects/{project.Id}/approve", new TransitionRequest(null, null)),
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal("invalid_state", Code(state));
        Assert.Equal(ProjectStates.Draft, (await GetAsync(TestUsers.YuxianDepartmentFiler, project.Id)).Status);
    }

    [Fact]
    public async Task An_approval_that_arrives_before_the_review_closes_reserves_the_project_at_closing()
    {
        var project = await SubmittedAsync(TestUsers.YuxianDepartmentFiler);
        await AssertStatus(await Approve(project.Id), HttpStatusCode.OK);
        var waiting = await GetAsync(TestUsers.YuxianDepartmentFiler, project.Id);
        Assert.Equal((ProjectStates.Reviewing, true), (waiting.Status, waiting.TargetSetApproved));

        var batch = await CreateBatchAsync(TestUsers.YuxianPerformanceOfficer);
        await AddToBatchAsync(TestUsers.YuxianPerformanceOfficer, batch.Id, project.Id);
        await DecideAsync(TestUsers.YuxianPerformanceOfficer, batch.Id, project.Id, project.RequestedAmount, null);
        await CloseAsync(TestUsers.YuxianPerformanceOfficer, batch.Id);

        Assert.Equal(ProjectStates.Reserved, (await GetAsync(TestUsers.YuxianDepartmentFiler, project.Id)).Status);
    }

    [Fact]
    public async Task A_repeated_message_is_a_no_op_and_the_inbox_is_for_services_with_a_key()
    {
        var project = await SubmittedAsync(TestUsers.YuxianDepartmentFiler);
        var setId = Host.TargetSets[project.Id].Id;
        var key = Guid.NewGuid().ToString();
        await AssertStatus(await Approve(project.Id, key), HttpStatusCode.OK);
        await AssertStatus(await Deliver(ProjectsMessages.TargetSetWithdrawn, new TargetSetWithdrawnMessage(project.Id, setId), Guid.NewGuid().ToString()), HttpStatusCode.OK);
        Assert.False((await GetAsync(TestUsers.YuxianDepartmentFiler, project.Id)).TargetSetApproved);

        // The first approval delivered again (a relay retry): already processed, nothing changes.
        await AssertStatus(await Approve(project.Id, key), HttpStatusCode.OK);
        Assert.False((await GetAsync(TestUsers.YuxianDepartmentFiler, project.Id)).TargetSetApproved);

        await AssertStatus(await Approve(project.Id, key: null!), HttpStatusCode.OK);
        var missingKey = await Deliver(ProjectsMessages.TargetSetApproved, new TargetSetApprovedMessage(project.Id, setId, 1, DateTimeOffset.UtcNow), null);
        Assert.Equal(HttpStatusCode.BadRequest, missingKey.StatusCode);
        using var user = Host.Client(TestUsers.YuxianPerformanceOfficer);
        var asUser = await user.PostAsync($"/api/projects/inbox/{ProjectsMessages.TargetSetApproved}", System.Net.Http.Json.JsonContent.Create(new { }), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
        var unknown = await Deliver(ProjectsMessages.TargetSetApproved, new TargetSetApprovedMessage(Guid.NewGuid(), setId, 1, DateTimeOffset.UtcNow), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_project_cancelled_by_an_evaluation_result_can_never_be_budgeted()
    {
        var project = await SubmittedAsync(TestUsers.YuxianDepartmentFiler);
        var batch = await CreateBatchAsync(TestUsers.YuxianPerformanceOfficer);
        await AddToBatchAsync(TestUsers.YuxianPerformanceOfficer, batch.Id, project.Id);
        await DecideAsync(TestUsers.YuxianPerformanceOfficer, batch.Id, project.Id, 500_000.00m);
        await CloseAsync(TestUsers.YuxianPerformanceOfficer, batch.Id);
        await AssertStatus(await Approve(project.Id), HttpStatusCode.OK);
        Assert.Equal(ProjectStates.Reserved, (await GetAsync(TestUsers.YuxianDepartmentFiler, project.Id)).Status);

        await AssertStatus(await Deliver(ProjectsMessages.ResultApplied,
            new ResultAppliedMessage(project.Id, 2026, "差", ResultDecisions.Cancel, null, "连续两年评价为差", "PJ-2026-0042"), Guid.NewGuid().ToString(), "evaluation"),
            HttpStatusCode.OK);

        var problem = await Expect(await Post(TestUsers.YuxianBudgetOfficer, $"/api/projects/{project.Id}/budget", new TransitionRequest(null, null)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("budget_blocked", Code(problem));
        Assert.Contains("PJ-2026-0042", problem.GetProperty("detail").GetString());
        var blocked = await GetAsync(TestUsers.YuxianDepartmentFiler, project.Id);
        Assert.Equal((ProjectStates.Reserved, true), (blocked.Status, blocked.BudgetBlocked));
        Assert.Contains("PJ-2026-0042", blocked.BudgetBlockedReason);
    }
}
