using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Contracts.Common;
using Platform.Contracts.Json;
using Platform.Contracts.Projects;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Idempotency;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;
using Platform.Targets.Infrastructure;
using Platform.Targets.Model;

namespace Platform.Targets.Apis;

/// <summary>Target sets (绩效目标表): the review list, one set, filing and editing a draft, its history and earlier revisions.</summary>
public static class TargetSetsApi
{
    public static RouteGroupBuilder MapTargetSetsApi(this IEndpointRouteBuilder app)
    {
        var sets = app.MapGroup("/api/targets/sets").RequireAuthorization(TargetsPolicies.Read).WithTags("TargetSets");
        sets.MapGet("/", GetSets)
            .WithName("GetTargetSets")
            .WithSummary("绩效目标表列表")
            .WithDescription("The review list: sets the caller may see, filtered by year, status (comma-separated), owner type, department, region (and below), 重点 and name, a page at a time.");
        sets.MapGet("/{id:guid}", GetSet)
            .WithName("GetTargetSet")
            .WithSummary("绩效目标表详情");
        sets.MapGet("/by-project/{projectId:guid}", GetSetByProject)
            .WithName("GetTargetSetByProject")
            .WithSummary("项目的现行绩效目标表")
            .WithDescription("The live (not closed) set of a project, 404 when it has none; used by the projects service's admission gate.");
        sets.MapPost("/", CreateSet)
            .RequireAuthorization(TargetsPolicies.File)
            .WithIdempotency()
            .WithName("CreateTargetSet")
            .WithSummary("新建绩效目标表");
        sets.MapPut("/{id:guid}", UpdateSet)
            .RequireAuthorization(TargetsPolicies.File)
            .WithName("UpdateTargetSet")
            .WithSummary("修改绩效目标表（草稿）");
        sets.MapGet("/{id:guid}/history", GetHistory)
            .WithName("GetTargetSetHistory")
            .WithSummary("绩效目标表办理记录");
        sets.MapGet("/{id:guid}/revisions", GetRevisions)
            .WithName("GetTargetSetRevisions")
            .WithSummary("绩效目标表历次修订与版本");
        return sets;
    }

    public static async Task<Results<Ok<PagedResult<TargetSetSummaryDto>>, ValidationProblem>> GetSets(
        [AsParameters] SetListQuery query, Caller caller, TargetsDb db, CancellationToken ct)
    {
        var (paging, errors) = Paging.From(query.Page, query.PageSize);
        if (TargetSetLists.Check(query, errors).HasErrors)
        {
            return errors.ToValidationProblem();
        }
        return TypedResults.Ok(await TargetSetLists.PageAsync(db.VisibleSets(caller), query, paging, ct));
    }

    public static async Task<Results<Ok<TargetSetDto>, NotFound>> GetSet(Guid id, Caller caller, TargetsDb db, CancellationToken ct) =>
        await db.FindSetDtoAsync(db.VisibleSets(caller), id, withComments: true, ct) is { } set ? TypedResults.Ok(set) : TypedResults.NotFound();

    public static async Task<Results<Ok<TargetSetDto>, NotFound>> GetSetByProject(Guid projectId, Caller caller, TargetsDb db, CancellationToken ct)
    {
        // While an adjustment runs, the new version is the project's set; the old one (ADJUSTING) only until then.
        var id = await db.VisibleSets(caller)
            .Where(s => s.ProjectId == projectId && s.Status != TargetSetStates.Closed)
            .OrderBy(s => s.Status == TargetSetStates.Adjusting).ThenByDescending(s => s.SetVersion)
            .Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
        return id is { } found && await db.FindSetDtoAsync(db.VisibleSets(caller), found, withComments: true, ct) is { } set
            ? TypedResults.Ok(set)
            : TypedResults.NotFound();
    }

    public static async Task<Results<Created<TargetSetDto>, ValidationProblem, ProblemHttpResult>> CreateSet(
        SaveTargetSetRequest request, Caller caller, TargetsDb db, ProjectsClient projects, TimeProvider time, CancellationToken ct)
    {
        var errors = CheckRequest(request, creating: true);
        var id = Guid.CreateVersion7();
        var indicators = TargetSetMapping.ToEntities(request.Indicators ?? [], id, new HashSet<Guid>());
        if (IndicatorRules.CheckShape(indicators, errors).HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (caller.DepartmentId is null || caller.RegionCode is null)
        {
            return ProblemResults.Forbidden("您的账号未归属任何部门或单位，不能编报绩效目标");
        }
        var ownerName = request.OwnerName?.Trim();
        var year = request.Year!.Value;
        var amount = request.Amount;
        if (request.OwnerType == TargetOwnerTypes.Project)
        {
            var projectId = request.ProjectId!.Value;
            if (await db.TargetSets.IgnoreQueryFilters().AnyAsync(s => s.ProjectId == projectId && s.Status != TargetSetStates.Closed, ct))
            {
                return DuplicateSet();
            }
            ProjectDto project;
            try
            {
                var response = await projects.GetProjectResponseAsync(projectId, ct);
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
                {
                    return new FieldErrors().Add("projectId", "not_found", "项目不存在或不在您的管辖范围内").ToUnprocessable();
                }
                project = response.EnsureSuccess()!;
            }
            catch (Exception ex) when (ex is HttpRequestException or Contracts.Http.ApiException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                return ProblemResults.Unavailable("项目库服务暂时无法确认该项目，请稍后重试。");
            }
            if (project.DepartmentId != caller.DepartmentId)
            {
                return new FieldErrors().Add("projectId", "other_department", "只能为本部门（本单位）的项目编报绩效目标").ToUnprocessable();
            }
            ownerName = project.Name;
            amount ??= project.RequestedAmount;
        }
        var now = time.GetUtcNow();
        var set = new TargetSet
        {
            Id = id,
            LineageId = id,
            OwnerType = request.OwnerType!,
            ProjectId = request.OwnerType == TargetOwnerTypes.Project ? request.ProjectId : null,
            OwnerName = ownerName!,
            Year = year,
            RegionCode = caller.RegionCode,
            RegionName = caller.RegionName ?? caller.RegionCode,
            DepartmentId = caller.DepartmentId,
            DepartmentName = caller.DepartmentName ?? "",
            UnitId = caller.DepartmentId == caller.OrganisationId ? null : caller.OrganisationId,
            UnitName = caller.DepartmentId == caller.OrganisationId ? null : caller.OrganisationName,
            Amount = amount,
            OverallGoal = RequestText.NullIfBlank(request.OverallGoal),
            IsKey = request.IsKey ?? false,
            Status = TargetSetStates.Draft,
            CreatedBy = caller.UserId ?? "",
            CreatedAt = now,
            UpdatedAt = now,
            Indicators = indicators,
        };
        set.RecomputeTotals();
        db.TargetSets.Add(set);
        db.RecordTransition(caller, TargetSetQueries.AuditEntity, set.Id.ToString(), null, TargetSetStates.Draft,
            $"新建{TargetOwnerTypes.DisplayName(set.OwnerType)}绩效目标表“{set.OwnerName}”（{set.Year}年度）");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return DuplicateSet();
        }
        var dto = await db.FindSetDtoAsync(db.VisibleSets(caller), set.Id, withComments: true, ct);
        return TypedResults.Created($"/api/targets/sets/{set.Id}", dto!);
    }

    public static async Task<Results<Ok<TargetSetDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateSet(
        Guid id, SaveTargetSetRequest request, Caller caller, TargetsDb db, TimeProvider time, CancellationToken ct)
    {
        // The version is checked after the request (a 400 first), not with the step.
        if (await LoadForStepAsync(db, caller, id, null, TargetSetWorkflow.Edit, ct) is not (var set, _, var refused))
        {
            return TypedResults.NotFound();
        }
        if (refused is not null)
        {
            return refused;
        }
        var errors = CheckRequest(request, creating: false, set);
        var indicators = request.Indicators is null
            ? null
            : TargetSetMapping.ToEntities(request.Indicators, set.Id, set.Indicators.Select(i => i.Id).ToHashSet());
        if (indicators is not null)
        {
            IndicatorRules.CheckShape(indicators, errors);
        }
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (request.Version != set.Version)
        {
            return ProblemResults.VersionConflict();
        }
        if (set.OwnerType != TargetOwnerTypes.Project && request.OwnerName is not null)
        {
            set.OwnerName = request.OwnerName.Trim();
        }
        set.Year = request.Year ?? set.Year;
        set.Amount = request.Amount ?? set.Amount;
        set.OverallGoal = request.OverallGoal is null ? set.OverallGoal : RequestText.NullIfBlank(request.OverallGoal);
        set.IsKey = request.IsKey ?? set.IsKey;
        if (indicators is not null)
        {
            ReplaceIndicators(db, set, indicators);
        }
        set.UpdatedAt = time.GetUtcNow();
        return await SaveAsync(db, set, caller, ct);
    }

    public static async Task<Results<Ok<IReadOnlyList<TargetSetHistoryEntryDto>>, NotFound>> GetHistory(Guid id, Caller caller, TargetsDb db, CancellationToken ct)
    {
        if (!await db.VisibleSets(caller).AnyAsync(s => s.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        var key = id.ToString();
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == TargetSetQueries.AuditEntity && a.EntityId == key)
            .OrderBy(a => a.OccurredAt).ThenBy(a => a.Id)
            .Select(a => new TargetSetHistoryEntryDto(a.FromState, a.ToState, a.Comment, a.ActorName, a.OccurredAt))
            .ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<TargetSetHistoryEntryDto>>(entries);
    }

    public static async Task<Results<Ok<IReadOnlyList<TargetSetRevisionDto>>, NotFound>> GetRevisions(Guid id, Caller caller, TargetsDb db, CancellationToken ct)
    {
        var lineage = await db.VisibleSets(caller).Where(s => s.Id == id).Select(s => (Guid?)s.LineageId).FirstOrDefaultAsync(ct);
        if (lineage is null)
        {
            return TypedResults.NotFound();
        }
        var rows = await db.Revisions.AsNoTracking().Where(r => r.LineageId == lineage)
            .OrderBy(r => r.SetVersion).ThenBy(r => r.Revision).ThenBy(r => r.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<TargetSetRevisionDto>>([.. rows.Select(r => new TargetSetRevisionDto(
            r.Id, r.SetId, r.SetVersion, r.Revision, r.Status, r.Reason,
            JsonSerializer.Deserialize<TargetSetDto>(r.Snapshot, ApiJson.Options)!, r.CreatedAt))]);
    }

    /// <summary>
    /// Replaces the set's indicators by <paramref name="indicators"/>: kept ids are updated in place (so their comments
    /// stay), missing ones removed, new ones added.
    /// </summary>
    internal static void ReplaceIndicators(TargetsDb db, TargetSet set, List<Indicator> indicators)
    {
        var incoming = indicators.ToDictionary(i => i.Id);
        foreach (var old in set.Indicators.Where(i => !incoming.ContainsKey(i.Id)).ToList())
        {
            set.Indicators.Remove(old);
            db.Indicators.Remove(old);
        }
        var current = set.Indicators.ToDictionary(i => i.Id);
        foreach (var indicator in indicators)
        {
            if (current.TryGetValue(indicator.Id, out var existing))
            {
                db.Entry(existing).CurrentValues.SetValues(indicator);
                existing.Bands = indicator.Bands;
            }
            else
            {
                set.Indicators.Add(indicator);
            }
        }
        set.RecomputeTotals();
    }

    /// <summary>
    /// The set (null: 404), tracked with its indicators, for a step <paramref name="decide"/> rules on: the outcome, and
    /// the step's 403/409, or 409 when the caller saw another <paramref name="version"/> than the current one.
    /// </summary>
    internal static async Task<(TargetSet Set, WorkflowOutcome Outcome, ProblemHttpResult? Refused)?> LoadForStepAsync(
        TargetsDb db, Caller caller, Guid id, uint? version, Func<SetFacts, Actor, WorkflowOutcome> decide, CancellationToken ct)
    {
        var set = await db.VisibleSets(caller, tracking: true).Include(s => s.Indicators).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (set is null)
        {
            return null;
        }
        var outcome = decide(set.Facts, Actor.From(caller));
        var refused = !outcome.Allowed ? TargetsProblems.From(outcome)
            : version is { } seen && seen != set.Version ? ProblemResults.VersionConflict()
            : null;
        return (set, outcome, refused);
    }

    /// <summary>Saves a change to a set the caller saw at its current version: 409 when someone else changed it meanwhile.</summary>
    internal static async Task<Results<Ok<TargetSetDto>, NotFound, ValidationProblem, ProblemHttpResult>> SaveAsync(
        TargetsDb db, TargetSet set, Caller caller, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ProblemResults.VersionConflict();
        }
        return TypedResults.Ok((await db.FindSetDtoAsync(db.VisibleSets(caller), set.Id, withComments: true, ct))!);
    }

    private static FieldErrors CheckRequest(SaveTargetSetRequest request, bool creating, TargetSet? existing = null)
    {
        var errors = new FieldErrors();
        if (creating)
        {
            errors.Required("ownerType", request.OwnerType, "归属类型").Required("year", request.Year, "年度");
            if (request.OwnerType is { Length: > 0 } ownerType && !TargetOwnerTypes.All.Contains(ownerType))
            {
                errors.Add("ownerType", "invalid_owner_type", "归属类型只能是 project（项目）、policy（政策）或 department（部门整体）");
            }
            if (request.OwnerType == TargetOwnerTypes.Project)
            {
                errors.Required("projectId", request.ProjectId, "项目");
            }
            else
            {
                errors.Required("ownerName", request.OwnerName, "名称");
            }
        }
        else
        {
            errors.Required("version", request.Version, "版本号")
                .Must(request.OwnerType is null || request.OwnerType == existing!.OwnerType, "ownerType", "immutable", "归属类型不能修改")
                .Must(request.ProjectId is null || request.ProjectId == existing!.ProjectId, "projectId", "immutable", "所属项目不能修改");
            if (request.OwnerName is not null && existing!.OwnerType != TargetOwnerTypes.Project)
            {
                errors.Required("ownerName", request.OwnerName, "名称");
            }
        }
        return errors
            .MaxLength("ownerName", request.OwnerName, 200, "名称")
            .Must(request.Year is null or (>= 2000 and <= 2100), "year", "out_of_range", "年度应在2000到2100之间")
            .Must(request.Amount is null or (>= 0 and < 10_000_000_000_000_000m), "amount", "out_of_range", "金额应为不小于0的数（元）")
            .Must(request.Amount is not { } amount || !IndicatorRules.Exceeds(amount, 2), "amount", "invalid_format", "金额最多两位小数（元）")
            .MaxLength("overallGoal", request.OverallGoal, 4000, "总体目标");
    }

    private static ProblemHttpResult DuplicateSet() =>
        ProblemResults.Conflict("duplicate_target_set", "该项目已有一张在用的绩效目标表；如需变更请修改草稿或对已批复的目标表发起调整");
}
