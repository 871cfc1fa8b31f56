using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Common;
using Platform.Contracts.Projects;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;
using Platform.Targets.Infrastructure;
using Platform.Targets.Model;

namespace Platform.Targets.Apis;

/// <summary>
/// The review chain of a target set: submit → 主管部门 → 业务科室 → 绩效科 → 批复 → 公开, rejection into a new revision,
/// bulk review, and adjustment into a new version. Every step appends an audit row in the same SaveChanges.
/// </summary>
public static class TargetReviewApi
{
    public static RouteGroupBuilder MapTargetReviewApi(this IEndpointRouteBuilder app)
    {
        var targets = app.MapGroup("/api/targets").WithTags("TargetReview");
        targets.MapGet("/review-queue", GetReviewQueue)
            .RequireAuthorization(TargetsPolicies.Review)
            .WithName("GetTargetReviewQueue")
            .WithSummary("待我审核的绩效目标表")
            .WithDescription("Sets waiting for the caller's stage: SUBMITTED of their department (department filer), DEPT_REVIEWED (业务科室), FIN_REVIEW (绩效科) of their region.");
        var sets = targets.MapGroup("/sets");
        sets.MapPost("/{id:guid}/submit", Submit)
            .RequireAuthorization(TargetsPolicies.File)
            .WithName("SubmitTargetSet")
            .WithSummary("提交绩效目标表");
        sets.MapPost("/{id:guid}/review", Review)
            .RequireAuthorization(TargetsPolicies.Review)
            .WithName("ReviewTargetSet")
            .WithSummary("审核绩效目标表（通过或退回）");
        sets.MapPost("/bulk-review", BulkReview)
            .RequireAuthorization(TargetsPolicies.Review)
            .WithName("BulkReviewTargetSets")
            .WithSummary("批量审核绩效目标表")
            .WithDescription("Approves or rejects up to 1,000 sets at the caller's stage in one transaction; each set that cannot be is reported with a code and a reason.");
        sets.MapPost("/{id:guid}/issue", Issue)
            .RequireAuthorization(TargetsPolicies.Issue)
            .WithName("IssueTargetSet")
            .WithSummary("批复绩效目标表");
        sets.MapPost("/{id:guid}/publish", Publish)
            .RequireAuthorization(TargetsPolicies.Publish)
            .WithName("PublishTargetSet")
            .WithSummary("公开绩效目标表");
        sets.MapPost("/{id:guid}/adjust", Adjust)
            .RequireAuthorization(TargetsPolicies.Adjust)
            .WithName("AdjustTargetSet")
            .WithSummary("调整绩效目标（生成新版本）");
        return targets;
    }

    public static async Task<Results<Ok<PagedResult<TargetSetSummaryDto>>, ValidationProblem>> GetReviewQueue(
        [AsParameters] SetListQuery query, Caller caller, TargetsDb db, CancellationToken ct)
    {
        var (paging, errors) = Paging.From(query.Page, query.PageSize);
        if (TargetSetLists.Check(query with { Status = null }, errors).HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var sets = db.VisibleSets(caller);
        var actor = Actor.From(caller);
        var stages = TargetSetWorkflow.StagesOf(actor);
        var department = stages.Contains(TargetSetWorkflow.DepartmentStage) ? caller.OrganisationId : null;
        var business = stages.Contains(TargetSetWorkflow.BusinessStage);
        var performance = stages.Contains(TargetSetWorkflow.PerformanceStage);
        var region = caller.RegionCode;
        sets = sets.Where(s =>
            (department != null && s.Status == TargetSetStates.Submitted && s.DepartmentId == department)
            || (business && s.Status == TargetSetStates.DeptReviewed && s.RegionCode == region)
            || (performance && s.Status == TargetSetStates.FinReview && s.RegionCode == region));
        return TypedResults.Ok(await TargetSetLists.PageAsync(sets, query with { Status = null }, paging, ct));
    }

    public static Task<Results<Ok<TargetSetDto>, NotFound, ValidationProblem, ProblemHttpResult>> Submit(
        Guid id, TargetSetTransitionRequest? request, Caller caller, TargetsDb db, TimeProvider time, CancellationToken ct) =>
        StepAsync(id, request, caller, db, time, TargetSetWorkflow.Submit, TargetSetStates.Submitted, "提交审核", (set, now) => set.SubmittedAt = now, ct,
            check: set => IndicatorRules.CheckForSubmit(Ordered(set), new FieldErrors()) is { HasErrors: true } errors
                ? errors.ToUnprocessable("绩效目标表未通过校验", "请按提示完善指标后再提交。", "targets_invalid")
                : null);

    public static async Task<Results<Ok<TargetSetDto>, NotFound, ValidationProblem, ProblemHttpResult>> Review(
        Guid id, ReviewDecisionRequest request, Caller caller, TargetsDb db, TimeProvider time, CancellationToken ct)
    {
        var errors = CheckDecision(request.Decision, request.Reason);
        for (var i = 0; i < (request.Comments?.Count ?? 0); i++)
        {
            errors.Required($"comments[{i}].comment", request.Comments![i]?.Comment, "审核意见")
                .MaxLength($"comments[{i}].comment", request.Comments[i]?.Comment, 2000, "审核意见");
        }
        errors.Must((request.Comments?.Count ?? 0) <= IndicatorRules.MaxIndicators, "comments", "too_many", "审核意见条数过多");
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var approve = request.Decision == ReviewDecisions.Approve;
        if (await TargetSetsApi.LoadForStepAsync(db, caller, id, request.Version,
            (facts, actor) => TargetSetWorkflow.Review(facts, actor, approve), ct) is not (var set, var outcome, var refused))
        {
            return TypedResults.NotFound();
        }
        if (refused is not null)
        {
            return refused;
        }
        var indicatorIds = set.Indicators.Select(i => i.Id).ToHashSet();
        for (var i = 0; i < (request.Comments?.Count ?? 0); i++)
        {
            errors.Must(indicatorIds.Contains(request.Comments![i].IndicatorId), $"comments[{i}].indicatorId", "not_found", "该指标不在这张目标表中");
        }
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (approve && outcome.To == TargetSetStates.Approved && IndicatorRules.CheckForSubmit(Ordered(set), new FieldErrors()) is { HasErrors: true } invalid)
        {
            return invalid.ToUnprocessable("绩效目标表未通过校验", "指标不符合要求，不能审核通过，请退回修改。", "targets_invalid");
        }
        var now = time.GetUtcNow();
        var reviewer = caller.Name ?? caller.UserName ?? "";
        foreach (var comment in request.Comments ?? [])
        {
            db.ReviewComments.Add(new ReviewComment
            {
                Id = Guid.CreateVersion7(),
                SetId = set.Id,
                IndicatorId = comment.IndicatorId,
                Revision = set.Revision,
                Stage = outcome.Stage!,
                Comment = comment.Comment.Trim(),
                ReviewerId = caller.UserId ?? "",
                ReviewerName = reviewer,
                CreatedAt = now,
            });
        }
        if (approve)
        {
            await ApproveAsync(db, caller, set, outcome, RequestText.NullIfBlank(request.Reason), now, ct);
        }
        else
        {
            await RejectAsync(db, caller, set, outcome.Stage!, request.Reason!.Trim(), now, ct);
        }
        return await TargetSetsApi.SaveAsync(db, set, caller, ct);
    }

    public static async Task<Results<Ok<BulkReviewResultDto>, ValidationProblem>> BulkReview(
        BulkReviewRequest request, Caller caller, TargetsDb db, TimeProvider time, CancellationToken ct)
    {
        var errors = CheckDecision(request.Decision, request.Reason)
            .Must(request.Ids is { Count: > 0 }, "ids", "required", "请选择要审核的目标表")
            .Must(request.Ids is null || request.Ids.Count <= BulkReviewer.MaxIds, "ids", "too_many", $"一次最多批量审核{BulkReviewer.MaxIds}张目标表");
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var result = await BulkReviewer.ReviewAsync(db, caller, [.. request.Ids!.Distinct()], request.Decision == ReviewDecisions.Approve,
            RequestText.NullIfBlank(request.Reason), time.GetUtcNow(), ct);
        return TypedResults.Ok(result);
    }

    public static Task<Results<Ok<TargetSetDto>, NotFound, ValidationProblem, ProblemHttpResult>> Issue(
        Guid id, TargetSetTransitionRequest? request, Caller caller, TargetsDb db, TimeProvider time, CancellationToken ct) =>
        StepAsync(id, request, caller, db, time, TargetSetWorkflow.Issue, TargetSetStates.Issued, "批复", (set, now) => set.IssuedAt = now, ct);

    public static Task<Results<Ok<TargetSetDto>, NotFound, ValidationProblem, ProblemHttpResult>> Publish(
        Guid id, TargetSetTransitionRequest? request, Caller caller, TargetsDb db, TimeProvider time, CancellationToken ct) =>
        StepAsync(id, request, caller, db, time, TargetSetWorkflow.Publish, TargetSetStates.Published, "随预算公开", (set, now) => set.PublishedAt = now, ct);

    /// <summary>
    /// The set becomes ADJUSTING and a new version (SetVersion + 1) starts as a draft with a copy of its indicators;
    /// the projects service hears that the approved set is withdrawn until the new version is approved.
    /// </summary>
    public static async Task<Results<Created<TargetSetDto>, NotFound, ValidationProblem, ProblemHttpResult>> Adjust(
        Guid id, TargetSetTransitionRequest? request, Caller caller, TargetsDb db, TimeProvider time, CancellationToken ct)
    {
        if (await TargetSetsApi.LoadForStepAsync(db, caller, id, request?.Version, TargetSetWorkflow.Adjust, ct) is not (var set, _, var refused))
        {
            return TypedResults.NotFound();
        }
        if (refused is not null)
        {
            return refused;
        }
        var now = time.GetUtcNow();
        var nextVersion = await db.TargetSets.IgnoreQueryFilters().Where(s => s.LineageId == set.LineageId).MaxAsync(s => s.SetVersion, ct) + 1;
        var reason = RequestText.NullIfBlank(request?.Comment) ?? "发起目标调整";
        var next = new TargetSet
        {
            Id = Guid.CreateVersion7(now),
            LineageId = set.LineageId,
            OwnerType = set.OwnerType,
            ProjectId = set.ProjectId,
            OwnerName = set.OwnerName,
            Year = set.Year,
            RegionCode = set.RegionCode,
            RegionName = set.RegionName,
            DepartmentId = set.DepartmentId,
            DepartmentName = set.DepartmentName,
            UnitId = set.UnitId,
            UnitName = set.UnitName,
            Amount = set.Amount,
            OverallGoal = set.OverallGoal,
            IsKey = set.IsKey,
            SetVersion = nextVersion,
            Revision = 1,
            Status = TargetSetStates.Draft,
            CreatedBy = caller.UserId ?? "",
            CreatedAt = now,
            UpdatedAt = now,
        };
        next.Indicators = [.. Ordered(set).Select((indicator, index) => TargetSetMapping.CopyFor(indicator, next.Id, index + 1))];
        next.RecomputeTotals();

        db.Revisions.Add(await SnapshotAsync(db, set, $"调整为第{nextVersion}版：{reason}", now, ct));
        Move(db, caller, set, TargetSetStates.Adjusting, $"{reason}（新版本：第{nextVersion}版）", now);
        if (set.OwnerType == TargetOwnerTypes.Project && set.ProjectId is { } projectId)
        {
            db.Enqueue(ResourceNames.Projects, ProjectsMessages.TargetSetWithdrawn, new TargetSetWithdrawnMessage(projectId, set.Id));
        }
        db.RecordTransition(caller, TargetSetQueries.AuditEntity, next.Id.ToString(), null, TargetSetStates.Draft, $"调整：由第{set.SetVersion}版生成第{nextVersion}版");

        // The old version leaves the "one live set per project" index before the new one enters it.
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                db.TargetSets.Add(next);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            });
        }
        catch (DbUpdateConcurrencyException)
        {
            return ProblemResults.VersionConflict();
        }
        var dto = await db.FindSetDtoAsync(db.VisibleSets(caller), next.Id, withComments: true, ct);
        return TypedResults.Created($"/api/targets/sets/{next.Id}", dto!);
    }

    /// <summary>
    /// A step that only moves the set on (submit, 批复, 公开): 404, the step's 403/409, the step's own
    /// <paramref name="check"/>, then the move with its audit row and <paramref name="stamp"/>, saved at the version seen.
    /// </summary>
    private static async Task<Results<Ok<TargetSetDto>, NotFound, ValidationProblem, ProblemHttpResult>> StepAsync(
        Guid id, TargetSetTransitionRequest? request, Caller caller, TargetsDb db, TimeProvider time,
        Func<SetFacts, Actor, WorkflowOutcome> decide, string to, string defaultComment, Action<TargetSet, DateTimeOffset> stamp,
        CancellationToken ct, Func<TargetSet, ProblemHttpResult?>? check = null)
    {
        if (await TargetSetsApi.LoadForStepAsync(db, caller, id, request?.Version, decide, ct) is not (var set, _, var refused))
        {
            return TypedResults.NotFound();
        }
        if ((refused ?? check?.Invoke(set)) is { } problem)
        {
            return problem;
        }
        var now = time.GetUtcNow();
        Move(db, caller, set, to, RequestText.NullIfBlank(request?.Comment) ?? defaultComment, now);
        stamp(set, now);
        return await TargetSetsApi.SaveAsync(db, set, caller, ct);
    }

    /// <summary>
    /// Approves at the set's stage; at 绩效科 the set becomes APPROVED: a project hears of it through the outbox (same
    /// SaveChanges), and the version it replaces, if any, is closed.
    /// </summary>
    private static async Task ApproveAsync(TargetsDb db, Caller caller, TargetSet set, WorkflowOutcome outcome, string? comment, DateTimeOffset now, CancellationToken ct)
    {
        Move(db, caller, set, outcome.To!, comment ?? $"{TargetSetWorkflow.StageName(outcome.Stage!)}通过", now);
        if (outcome.To != TargetSetStates.Approved)
        {
            return;
        }
        set.ApprovedAt = now;
        if (set.OwnerType == TargetOwnerTypes.Project && set.ProjectId is { } projectId)
        {
            db.Enqueue(ResourceNames.Projects, ProjectsMessages.TargetSetApproved, new TargetSetApprovedMessage(projectId, set.Id, set.Revision, now));
        }
        var replaced = await db.TargetSets.IgnoreQueryFilters()
            .Where(s => s.LineageId == set.LineageId && s.Id != set.Id && s.Status == TargetSetStates.Adjusting)
            .ToListAsync(ct);
        foreach (var old in replaced)
        {
            Move(db, caller, old, TargetSetStates.Closed, $"第{set.SetVersion}版审核通过，本版本关闭", now);
        }
    }

    /// <summary>Back to DRAFT as the next revision; the rejected revision is kept as it was, with its comments.</summary>
    private static async Task RejectAsync(TargetsDb db, Caller caller, TargetSet set, string stage, string reason, DateTimeOffset now, CancellationToken ct)
    {
        db.ReviewComments.Add(new ReviewComment
        {
            Id = Guid.CreateVersion7(),
            SetId = set.Id,
            Revision = set.Revision,
            Stage = stage,
            Comment = reason,
            ReviewerId = caller.UserId ?? "",
            ReviewerName = caller.Name ?? caller.UserName ?? "",
            CreatedAt = now,
        });
        db.Revisions.Add(await SnapshotAsync(db, set, $"{TargetSetWorkflow.StageName(stage)}退回：{reason}", now, ct));
        Move(db, caller, set, TargetSetStates.Draft, $"{TargetSetWorkflow.StageName(stage)}退回（第{set.Revision}次修订）：{reason}", now);
        set.Revision++;
        set.SubmittedAt = null;
    }

    /// <summary>The set as it is now (with the comments saved so far and those added in this request), frozen as JSON.</summary>
    internal static async Task<TargetSetRevision> SnapshotAsync(TargetsDb db, TargetSet set, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var saved = await db.ReviewComments.AsNoTracking().Where(c => c.SetId == set.Id).ToListAsync(ct);
        var pending = db.ChangeTracker.Entries<ReviewComment>().Where(e => e.State == EntityState.Added && e.Entity.SetId == set.Id).Select(e => e.Entity);
        var revision = TargetSetMapping.ToRevision(set, saved.Concat(pending).OrderBy(c => c.CreatedAt), reason);
        revision.Id = Guid.CreateVersion7(now);
        revision.CreatedAt = now;
        return revision;
    }

    private static void Move(TargetsDb db, Caller caller, TargetSet set, string to, string comment, DateTimeOffset now)
    {
        db.RecordTransition(caller, TargetSetQueries.AuditEntity, set.Id.ToString(), set.Status, to, comment);
        set.Status = to;
        set.UpdatedAt = now;
    }

    private static FieldErrors CheckDecision(string? decision, string? reason)
    {
        var errors = new FieldErrors().Required("decision", decision, "审核结论");
        if (decision is { Length: > 0 } && !ReviewDecisions.All.Contains(decision))
        {
            errors.Add("decision", "invalid_decision", "审核结论只能是 approve（通过）或 reject（退回）");
        }
        if (decision == ReviewDecisions.Reject)
        {
            errors.Required("reason", reason, "退回理由");
        }
        return errors.MaxLength("reason", reason, 2000, "审核意见");
    }

    private static List<Indicator> Ordered(TargetSet set) => [.. set.Indicators.OrderBy(i => i.Ordinal)];
}
