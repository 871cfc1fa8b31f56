using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Common;
using Platform.Contracts.Projects;
using Platform.Projects.Infrastructure;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Idempotency;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Apis;

/// <summary>
/// 预算评审: finance staff gather projects in REVIEWING into a batch, set each one's 审定金额 with reasons, and close
/// the batch, which marks the review done (and admits the projects whose target set is already approved).
/// </summary>
public static class ReviewApi
{
    public const string EntityType = "review-batch";
    public const int MaxProjectsPerRequest = 1000;

    public static RouteGroupBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var batches = app.MapGroup("/api/projects/review-batches").RequireAuthorization().WithTags("Review batches");
        batches.MapGet("/", GetBatches).RequireAuthorization(ProjectPolicies.ReadReviews)
            .WithName("GetReviewBatches").WithSummary("评审批次列表");
        batches.MapPost("/", CreateBatch).RequireAuthorization(PlatformPolicies.FinanceStaff).WithIdempotency()
            .Accepts<CreateReviewBatchRequest>("application/json")
            .WithName("CreateReviewBatch").WithSummary("新建评审批次");
        batches.MapGet("/{id:guid}", GetBatch).RequireAuthorization(ProjectPolicies.ReadReviews)
            .WithName("GetReviewBatch").WithSummary("评审批次详情");
        batches.MapPost("/{id:guid}/items", AddItems).RequireAuthorization(PlatformPolicies.FinanceStaff)
            .Accepts<AddReviewItemsRequest>("application/json")
            .WithName("AddReviewItems").WithSummary("加入评审项目").WithDescription("Projects in REVIEWING, in scope, not yet reviewed; all or nothing.");
        batches.MapPut("/{id:guid}/items/{projectId:guid}", DecideItem).RequireAuthorization(PlatformPolicies.FinanceStaff)
            .Accepts<DecideReviewItemRequest>("application/json")
            .WithName("DecideReviewItem").WithSummary("审定项目金额").WithDescription("0 ≤ 审定 ≤ 送审; a reason is required when 审定 < 送审.");
        batches.MapPost("/{id:guid}/close", CloseBatch).RequireAuthorization(PlatformPolicies.FinanceStaff)
            .WithName("CloseReviewBatch").WithSummary("完成评审")
            .WithDescription("Every item decided, else 422. Sets each project's 审定金额 and marks its review done; 审定 = 0 → NOT_SUPPORTED; RESERVED when the target set is already approved.");
        return batches;
    }

    public static async Task<Results<Ok<PagedResult<ReviewBatchDto>>, ValidationProblem>> GetBatches(
        int? year, string? status, int? page, int? pageSize, ProjectsDb db, CancellationToken ct)
    {
        var (paging, errors) = Paging.From(page, pageSize);
        errors.Must(status is null || ReviewBatchStates.All.Contains(status), "status", "invalid_status",
            $"批次状态只能是：{ProjectFields.Choices(ReviewBatchStates.All, ReviewBatchStates.DisplayName)}");
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var query = db.ReviewBatches.AsNoTracking();
        if (year is { } y)
        {
            query = query.Where(b => b.Year == y);
        }
        if (status is not null)
        {
            query = query.Where(b => b.Status == status);
        }
        var total = await query.CountAsync(ct);
        var batches = await query.OrderByDescending(b => b.CreatedAt).ThenBy(b => b.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var dtos = await ToDtosAsync(db, batches, ct);
        return TypedResults.Ok(new PagedResult<ReviewBatchDto>(dtos, total, paging.Page, paging.PageSize));
    }

    public static async Task<Results<Ok<ReviewBatchDetailDto>, NotFound>> GetBatch(Guid id, ProjectsDb db, CancellationToken ct)
    {
        var batch = await db.ReviewBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
        if (batch is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(await DetailAsync(db, batch, ct));
    }

    public static async Task<Results<Created<ReviewBatchDto>, ValidationProblem, ProblemHttpResult>> CreateBatch(
        JsonBody<CreateReviewBatchRequest> body, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        if (body.Errors.HasErrors)
        {
            return body.Errors.ToValidationProblem();
        }
        var request = body.Value!;
        var errors = new FieldErrors()
            .Required("name", request.Name, "批次名称")
            .MaxLength("name", request.Name?.Trim(), 128, "批次名称")
            .Required("year", request.Year, "年度")
            .Year("year", request.Year);
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (caller.RegionCode is null)
        {
            return ProblemResults.Forbidden("您的账号未关联区划，不能组织评审。");
        }
        var batch = new ReviewBatch
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            Year = request.Year!.Value,
            RegionCode = caller.RegionCode,
            CreatedBy = caller.UserId ?? "",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.ReviewBatches.Add(batch);
        db.RecordTransition(caller, EntityType, batch.Id.ToString(), null, ReviewBatchStates.Open, $"新建评审批次“{batch.Name}”（{batch.Year}年度）");
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/projects/review-batches/{batch.Id}", ToDto(batch, 0, 0, 0, 0));
    }

    public static async Task<Results<Ok<ReviewBatchDetailDto>, NotFound, ValidationProblem, ProblemHttpResult>> AddItems(
        Guid id, JsonBody<AddReviewItemsRequest> body, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        var batch = await db.ReviewBatches.FirstOrDefaultAsync(b => b.Id == id, ct);
        if (batch is null)
        {
            return TypedResults.NotFound();
        }
        if (body.Errors.HasErrors)
        {
            return body.Errors.ToValidationProblem();
        }
        var ids = body.Value!.ProjectIds ?? [];
        var errors = new FieldErrors()
            .Must(ids.Count > 0, "projectIds", "required", "请选择要加入评审的项目")
            .Must(ids.Count <= MaxProjectsPerRequest, "projectIds", "too_many", $"一次最多加入{MaxProjectsPerRequest}个项目");
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (batch.Status != ReviewBatchStates.Open)
        {
            return ProjectProblems.Rule(ProjectProblems.InvalidState, "评审批次已完成，不能再加入项目");
        }
        var distinct = ids.Distinct().ToList();
        var projects = await db.VisibleProjects(caller).Where(p => distinct.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var inOpenBatches = await db.ReviewItems.Where(i => distinct.Contains(i.ProjectId) && !i.BatchClosed)
            .Select(i => i.ProjectId).ToListAsync(ct);
        var batchPrefix = RegionCodes.ScopePrefix(batch.RegionCode);
        var rules = new FieldErrors();
        for (var i = 0; i < ids.Count; i++)
        {
            var field = $"projectIds[{i}]";
            if (!projects.TryGetValue(ids[i], out var project) || !project.RegionCode.StartsWith(batchPrefix, StringComparison.Ordinal))
            {
                rules.Add(field, "not_found", "项目不存在或不在本批次的区划范围内");
            }
            else if (project.Status != ProjectStates.Reviewing || project.ReviewDone)
            {
                rules.Add(field, ProjectProblems.InvalidState, $"项目“{project.Name}”当前状态为“{ProjectStates.DisplayName(project.Status)}”{(project.ReviewDone ? "（已完成评审）" : "")}，不能加入评审");
            }
            else if (project.Year != batch.Year)
            {
                rules.Add(field, "other_year", $"项目“{project.Name}”属于{project.Year}年度，本批次为{batch.Year}年度");
            }
            else if (inOpenBatches.Contains(project.Id))
            {
                rules.Add(field, "in_other_batch", $"项目“{project.Name}”已在评审批次中");
            }
        }
        if (rules.HasErrors)
        {
            return rules.ToUnprocessable(detail: "部分项目不能加入评审，均未加入。");
        }
        foreach (var project in distinct.Select(pid => projects[pid]))
        {
            db.ReviewItems.Add(new ReviewItem
            {
                BatchId = batch.Id,
                ProjectId = project.Id,
                Year = batch.Year,
                RegionCode = project.RegionCode,
                RegionName = project.RegionName,
                DepartmentId = project.DepartmentId,
                DepartmentName = project.DepartmentName,
                ProjectCode = project.Code,
                ProjectName = project.Name,
                RequestedAmount = project.RequestedAmount,
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The partial unique index: someone put one of these projects in another open batch meanwhile.
            return ProblemResults.FieldConflict("projectIds", "in_other_batch", "部分项目已被加入其他评审批次，请刷新后重试");
        }
        return TypedResults.Ok(await DetailAsync(db, batch, ct));
    }

    public static async Task<Results<Ok<ReviewItemDto>, NotFound, ValidationProblem, ProblemHttpResult>> DecideItem(
        Guid id, Guid projectId, JsonBody<DecideReviewItemRequest> body, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        var batch = await db.ReviewBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
        var item = batch is null ? null : await db.ReviewItems.FirstOrDefaultAsync(i => i.BatchId == id && i.ProjectId == projectId, ct);
        if (item is null)
        {
            return TypedResults.NotFound();
        }
        if (body.Errors.HasErrors)
        {
            return body.Errors.ToValidationProblem();
        }
        var request = body.Value!;
        var reason = RequestText.NullIfBlank(request.Reason);
        var errors = new FieldErrors()
            .Required("approvedAmount", request.ApprovedAmount, "审定金额")
            .Amount("approvedAmount", request.ApprovedAmount)
            .MaxLength("reason", reason, 2000, "审减理由");
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (batch!.Status != ReviewBatchStates.Open)
        {
            return ProjectProblems.Rule(ProjectProblems.InvalidState, "评审批次已完成，不能再修改审定金额");
        }
        var approved = request.ApprovedAmount!.Value;
        var rules = new FieldErrors()
            .Must(ReviewMath.IsWithinRequested(item.RequestedAmount, approved), "approvedAmount", "exceeds_requested",
                $"审定金额不能超过送审金额{item.RequestedAmount:#,##0.00}元")
            .Must(approved >= item.RequestedAmount || reason is not null, "reason", "required", "审定金额低于送审金额时，应填写审减理由");
        if (rules.HasErrors)
        {
            return rules.ToUnprocessable();
        }
        item.ApprovedAmount = approved;
        item.Reason = reason;
        item.Outcome = ReviewMath.Outcome(item.RequestedAmount, approved);
        item.DecidedAt = DateTimeOffset.UtcNow;
        item.DecidedBy = caller.Name ?? caller.UserId;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(item.ToDto());
    }

    public static async Task<Results<Ok<ReviewBatchDetailDto>, NotFound, ProblemHttpResult>> CloseBatch(
        Guid id, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        var batch = await db.ReviewBatches.FirstOrDefaultAsync(b => b.Id == id, ct);
        if (batch is null)
        {
            return TypedResults.NotFound();
        }
        if (batch.Status != ReviewBatchStates.Open)
        {
            return ProjectProblems.Rule(ProjectProblems.InvalidState, "评审批次已完成");
        }
        var items = await db.ReviewItems.Where(i => i.BatchId == id).OrderBy(i => i.ProjectCode).ToListAsync(ct);
        var errors = new FieldErrors().Must(items.Count > 0, "items", "empty", "批次中没有项目，不能完成评审");
        foreach (var undecided in items.Where(i => i.ApprovedAmount is null))
        {
            errors.Add($"items[{undecided.ProjectId}]", "undecided", $"项目“{undecided.ProjectName}”（{undecided.ProjectCode}）尚未审定金额");
        }
        if (errors.HasErrors)
        {
            return errors.ToUnprocessable(detail: "批次中还有未审定的项目，不能完成评审。", code: "review_incomplete");
        }
        var projectIds = items.Select(i => i.ProjectId).ToList();
        var projects = await db.Projects.Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        foreach (var item in items)
        {
            item.BatchClosed = true;
            if (!projects.TryGetValue(item.ProjectId, out var project) || project.Status != ProjectStates.Reviewing)
            {
                // Returned projects leave their open batch; nothing else may move a project under review.
                continue;
            }
            project.ApprovedAmount = item.ApprovedAmount;
            project.ReviewDone = true;
            var decision = $"预算评审“{batch.Name}”：送审{Money.FormatWan(item.RequestedAmount)}，审定{Money.FormatWan(item.ApprovedAmount!.Value)}"
                + (item.Reason is null ? "" : $"，{item.Reason}");
            if (item.ApprovedAmount == 0)
            {
                db.Move(project, ProjectAction.CloseReview, ProjectStates.NotSupported, caller, decision + "，不予支持");
            }
            else if (!db.TryAdmit(project, ProjectAction.CloseReview, caller))
            {
                db.Note(project, caller, decision + "，待绩效目标批复后入库");
            }
        }
        batch.Status = ReviewBatchStates.Closed;
        batch.ClosedAt = DateTimeOffset.UtcNow;
        var totals = ReviewMath.Totals(items.Select(i => (i.RequestedAmount, i.ApprovedAmount!.Value)));
        db.RecordTransition(caller, EntityType, batch.Id.ToString(), ReviewBatchStates.Open, ReviewBatchStates.Closed,
            $"完成评审：{totals.Count}个项目，送审{Money.FormatWan(totals.Requested)}，审定{Money.FormatWan(totals.Approved)}，"
            + $"审减{Money.FormatWan(totals.Reduction)}，审减率{ReviewMath.Percent(totals.ReductionRate):0.00}%");
        if (await ProjectsApi.SaveAsync(db, ct) is { } conflict)
        {
            return conflict;
        }
        return TypedResults.Ok(await DetailAsync(db, batch, ct));
    }

    /// <summary>Takes a returned project out of any open batch (tracked: removed with the return's SaveChanges).</summary>
    public static async Task WithdrawFromOpenBatchesAsync(ProjectsDb db, Guid projectId, CancellationToken ct)
    {
        var items = await db.ReviewItems.Where(i => i.ProjectId == projectId && !i.BatchClosed).ToListAsync(ct);
        db.ReviewItems.RemoveRange(items);
    }

    private static async Task<ReviewBatchDetailDto> DetailAsync(ProjectsDb db, ReviewBatch batch, CancellationToken ct)
    {
        var items = await db.ReviewItems.AsNoTracking().Where(i => i.BatchId == batch.Id)
            .OrderBy(i => i.DepartmentName).ThenBy(i => i.ProjectCode).ToListAsync(ct);
        // The batch's totals from the items just read, as ToDtosAsync sums them in SQL for a list.
        var decided = items.Where(i => i.ApprovedAmount is not null).ToList();
        var dto = ToDto(batch, items.Count, items.Sum(i => i.RequestedAmount),
            decided.Sum(i => i.RequestedAmount), decided.Sum(i => i.ApprovedAmount!.Value));
        return new ReviewBatchDetailDto(dto, items.Select(i => i.ToDto()).ToList());
    }

    /// <summary>
    /// Batches with their totals, summed in SQL per batch: ProjectCount and Requested over all items; Approved,
    /// Reduction and the weighted rate over the decided ones (all of them once the batch is closed).
    /// </summary>
    private static async Task<List<ReviewBatchDto>> ToDtosAsync(ProjectsDb db, IReadOnlyList<ReviewBatch> batches, CancellationToken ct)
    {
        var ids = batches.Select(b => b.Id).ToList();
        var sums = await db.ReviewItems.Where(i => ids.Contains(i.BatchId))
            .GroupBy(i => i.BatchId)
            .Select(g => new
            {
                BatchId = g.Key,
                Count = g.Count(),
                Requested = g.Sum(i => i.RequestedAmount),
                DecidedRequested = g.Sum(i => i.ApprovedAmount != null ? i.RequestedAmount : 0m),
                Approved = g.Sum(i => i.ApprovedAmount ?? 0m),
            })
            .ToDictionaryAsync(s => s.BatchId, ct);
        return batches.Select(b => sums.TryGetValue(b.Id, out var s)
            ? ToDto(b, s.Count, s.Requested, s.DecidedRequested, s.Approved)
            : ToDto(b, 0, 0, 0, 0)).ToList();
    }

    /// <summary>The batch with its totals: ProjectCount and Requested over all items; Approved, Reduction and the rate over the decided ones.</summary>
    private static ReviewBatchDto ToDto(ReviewBatch b, int count, decimal requested, decimal decidedRequested, decimal approved)
    {
        var decided = ReviewTotals.Of(count, decidedRequested, approved);
        return new ReviewBatchDto(b.Id, b.Name, b.Year, b.RegionCode, b.Status, count, requested,
            decided.Approved, decided.Reduction, decided.ReductionRate, b.Version);
    }
}
