using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Common;
using Platform.Contracts.Json;
using Platform.Contracts.Targets;

namespace Platform.Targets.Tests.Api;

public sealed class ReviewChainTests(TargetsHost host) : ApiTestBase(host), IClassFixture<TargetsHost>
{
    [Fact]
    public async Task A_unit_files_a_set_and_it_passes_department_business_and_performance_review_to_publication()
    {
        var set = await Create("140322.unit-filer", PolicySet("教师培训补助政策"));
        Assert.Equal(("DRAFT", 1, 1, 100.00m), (set.Status, set.SetVersion, set.Revision, set.TotalPoints));
        Assert.Equal(TestUsers.Get("140322.unit-filer").DepartmentId, set.DepartmentId);
        Assert.Equal("盂县第一中学", set.UnitName);

        var submitted = await Read<TargetSetDto>(await Post("140322.unit-filer", $"/api/targets/sets/{set.Id}/submit", new TargetSetTransitionRequest(null, set.Version)), HttpStatusCode.OK);
        Assert.Equal("SUBMITTED", submitted.Status);
        Assert.Equal("DEPT_REVIEWED", (await Review("140322.department-filer", set.Id)).Status);
        Assert.Equal("FIN_REVIEW", (await Review("140322.business-reviewer", set.Id)).Status);
        Assert.Equal("APPROVED", (await Review("140322.performance-officer", set.Id)).Status);
        var issued = await Read<TargetSetDto>(await Post("140322.budget-officer", $"/api/targets/sets/{set.Id}/issue", new TargetSetTransitionRequest(null, null)), HttpStatusCode.OK);
        Assert.Equal("ISSUED", issued.Status);
        var published = await Read<TargetSetDto>(await Post("140322.performance-officer", $"/api/targets/sets/{set.Id}/publish", new TargetSetTransitionRequest(null, null)), HttpStatusCode.OK);
        Assert.Equal("PUBLISHED", published.Status);

        var history = await Read<List<TargetSetHistoryEntryDto>>(await Get("140322.unit-filer", $"/api/targets/sets/{set.Id}/history"), HttpStatusCode.OK);
        Assert.Equal(
            [(null, "DRAFT"), ("DRAFT", "SUBMITTED"), ("SUBMITTED", "DEPT_REVIEWED"), ("DEPT_REVIEWED", "FIN_REVIEW"), ("FIN_REVIEW", "APPROVED"), ("APPROVED", "ISSUED"), ("ISSUED", "PUBLISHED")],
            history.Select(h => ((string?)h.FromState, h.ToState)));
        // A policy set: nothing for the projects service.
        Assert.Empty(await OutboxOf(set.Id));
    }

    [Fact]
    public async Task Each_stage_refuses_the_wrong_role_with_403_and_changes_nothing()
    {
        var set = await Host.SeedSetAsync("140322.unit-filer", "SUBMITTED");

        var byBusiness = await Post("140322.business-reviewer", $"/api/targets/sets/{set.Id}/review", new ReviewDecisionRequest("approve", null, null, null));
        var byOtherDepartment = await Post("140322.department-filer.盂县农业农村局", $"/api/targets/sets/{set.Id}/review", new ReviewDecisionRequest("approve", null, null, null));
        var byUnit = await Post("140322.unit-filer", $"/api/targets/sets/{set.Id}/review", new ReviewDecisionRequest("approve", null, null, null));
        var issue = await Post("140322.budget-officer", $"/api/targets/sets/{set.Id}/issue", new TargetSetTransitionRequest(null, null));

        await Expect(byBusiness, HttpStatusCode.Forbidden);
        // The other department cannot see the set at all.
        await Expect(byOtherDepartment, HttpStatusCode.NotFound);
        await Expect(byUnit, HttpStatusCode.Forbidden);
        Assert.Equal("invalid_state", Code(await Expect(issue, HttpStatusCode.Conflict)));
        Assert.Equal("SUBMITTED", (await Fetch("140322.performance-officer", set.Id)).Status);
        Assert.Empty(await AuditOf(set.Id));
    }

    [Fact]
    public async Task Submit_refuses_a_set_whose_points_do_not_sum_to_100_with_field_errors()
    {
        var set = await Create("140322.department-filer", PolicySet("农村义务教育营养改善", [Quantitative("受益学生人数", 60), Qualitative("学生营养状况改善", 39.99m)]));

        var problem = await Expect(await Post("140322.department-filer", $"/api/targets/sets/{set.Id}/submit", new TargetSetTransitionRequest(null, null)), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("targets_invalid", Code(problem));
        Assert.Equal(["points_total"], FieldCodes(problem, "indicators"));
        Assert.Equal("DRAFT", (await Fetch("140322.department-filer", set.Id)).Status);
    }

    [Fact]
    public async Task A_draft_may_be_saved_incomplete_but_a_malformed_one_is_refused_with_400()
    {
        var incomplete = await Create("140322.unit-filer", PolicySet("校园安全改造", [Quantitative("改造面积", 30, unit: null)]));
        Assert.Equal(30m, incomplete.TotalPoints);

        var malformed = await Post("140322.unit-filer", "/api/targets/sets",
            PolicySet("校园安全改造二期", [Quantitative("改造面积", 30, "output", "social"), Quantitative("合格率", 10.123m)]));

        var problem = await Expect(malformed, HttpStatusCode.BadRequest);
        Assert.Equal(["invalid_level2"], FieldCodes(problem, "indicators[0].level2"));
        Assert.Equal(["invalid_points"], FieldCodes(problem, "indicators[1].points"));
        Assert.False(await Host.WithDbAsync(db => db.TargetSets.AnyAsync(s => s.OwnerName == "校园安全改造二期", Ct)));
    }

    [Fact]
    public async Task Reject_needs_a_reason_and_creates_revision_2_with_the_comments_visible_and_the_rejected_revision_kept()
    {
        var set = await Host.SeedSetAsync("140322.unit-filer", "DEPT_REVIEWED");
        var indicator = set.Indicators[0].Id;

        var noReason = await Post("140322.business-reviewer", $"/api/targets/sets/{set.Id}/review", new ReviewDecisionRequest("reject", " ", null, null));
        Assert.Equal(["required"], FieldCodes(await Expect(noReason, HttpStatusCode.BadRequest), "reason"));

        var rejected = await Review("140322.business-reviewer", set.Id, "reject", "培训人次指标值偏低，请按上年实际完成数调整",
            [new IndicatorCommentRequest(indicator, "上年实际完成1,200人次，目标值不应低于上年")]);

        Assert.Equal(("DRAFT", 2), (rejected.Status, rejected.Revision));
        var comment = Assert.Single(rejected.Indicators.Single(i => i.Id == indicator).Comments!);
        Assert.Equal(("business", "上年实际完成1,200人次，目标值不应低于上年"), (comment.Stage, comment.Comment));

        // The filer edits revision 2 keeping the indicator (and so its comment) and submits again.
        var edited = rejected.Indicators.Select(i => i.Id == indicator ? i with { TargetValue = 1200 } : i).ToList();
        var saved = await Read<TargetSetDto>(await Put("140322.unit-filer", $"/api/targets/sets/{set.Id}",
            new SaveTargetSetRequest(null, null, null, null, null, null, null, edited, rejected.Version)), HttpStatusCode.OK);
        Assert.Single(saved.Indicators.Single(i => i.Id == indicator).Comments!);

        var revisions = await Read<List<TargetSetRevisionDto>>(await Get("140322.unit-filer", $"/api/targets/sets/{set.Id}/revisions"), HttpStatusCode.OK);
        var first = Assert.Single(revisions);
        Assert.Equal((1, "DEPT_REVIEWED"), (first.Revision, first.Status));
        Assert.Equal(1000m, first.Snapshot.Indicators.Single(i => i.Id == indicator).TargetValue);
        Assert.Contains("培训人次指标值偏低", first.Reason);
    }

    [Fact]
    public async Task Approval_of_a_project_set_writes_exactly_one_outbox_row_for_projects_in_the_same_save()
    {
        var projectId = Guid.NewGuid();
        var set = await Host.SeedSetAsync("140322.unit-filer", "FIN_REVIEW", ownerType: "project", projectId: projectId);

        var approved = await Review("140322.performance-officer", set.Id);

        var message = Assert.Single(await OutboxOf(set.Id));
        Assert.Equal(("projects", "target-set-approved"), (message.Destination, message.Type));
        var payload = JsonSerializer.Deserialize<Contracts.Projects.TargetSetApprovedMessage>(message.Payload, ApiJson.Options)!;
        Assert.Equal((projectId, set.Id, 1), (payload.ProjectId, payload.TargetSetId, payload.Revision));
        Assert.Equal("APPROVED", approved.Status);
    }

    [Fact]
    public async Task A_stale_version_is_refused_with_409()
    {
        var set = await Create("140322.unit-filer", PolicySet("学前教育资助"));
        await Expect(await Put("140322.unit-filer", $"/api/targets/sets/{set.Id}", new SaveTargetSetRequest(null, null, "学前教育资助（修改）", null, null, null, null, null, set.Version)), HttpStatusCode.OK);

        var stale = await Put("140322.unit-filer", $"/api/targets/sets/{set.Id}", new SaveTargetSetRequest(null, null, "又一次修改", null, null, null, null, null, set.Version));

        Assert.Equal("version_conflict", Code(await Expect(stale, HttpStatusCode.Conflict)));
        Assert.Equal("学前教育资助（修改）", (await Fetch("140322.unit-filer", set.Id)).OwnerName);
    }

    [Fact]
    public async Task The_review_queue_holds_the_sets_waiting_for_the_callers_stage()
    {
        var submitted = await Host.SeedSetAsync("140322.unit-filer", "SUBMITTED");
        var deptReviewed = await Host.SeedSetAsync("140322.unit-filer", "DEPT_REVIEWED");
        var finReview = await Host.SeedSetAsync("140322.unit-filer", "FIN_REVIEW");

        async Task<List<Guid>> Queue(string user) =>
            [.. (await Read<PagedResult<TargetSetSummaryDto>>(await Get(user, "/api/targets/review-queue?pageSize=100"), HttpStatusCode.OK)).Items.Select(s => s.Id)];

        var department = await Queue("140322.department-filer");
        var business = await Queue("140322.business-reviewer");
        var performance = await Queue("140322.performance-officer");

        Assert.Contains(submitted.Id, department);
        Assert.DoesNotContain(deptReviewed.Id, department);
        Assert.Contains(deptReviewed.Id, business);
        Assert.DoesNotContain(submitted.Id, business);
        Assert.Contains(finReview.Id, performance);
        Assert.DoesNotContain(deptReviewed.Id, performance);
    }
}
