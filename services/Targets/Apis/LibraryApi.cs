using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Contracts.Common;
using Platform.Contracts.Identity;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Idempotency;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;
using Platform.Targets.Infrastructure;
using Platform.Targets.Model;

namespace Platform.Targets.Apis;

/// <summary>Filters of the library list (query string).</summary>
public sealed record LibraryQuery(
    string? Q,
    string? Scope,
    string? Sector,
    string? DepartmentId,
    string? Level1,
    string? Level2,
    string? Status,
    int? Page,
    int? PageSize);

/// <summary>
/// The indicator library (指标库): 共性 and 个性 entries by sector and department, versioned, moving draft → 部门确认 →
/// 专家审定 → published. A region reads its own entries and those below it, and the published entries of its city and
/// province; the published library of a region is cached (<see cref="LibraryCache"/>).
/// </summary>
public static class LibraryApi
{
    public const string AuditEntity = "library-entry";

    public static RouteGroupBuilder MapLibraryApi(this IEndpointRouteBuilder app)
    {
        var library = app.MapGroup("/api/targets/library").RequireAuthorization(TargetsPolicies.LibraryRead).WithTags("IndicatorLibrary");
        library.MapGet("/", GetEntries)
            .WithName("GetLibraryEntries")
            .WithSummary("指标库查询")
            .WithDescription("Search by name or explanation (q) and filter; status=PUBLISHED reads the region's published library (cached) as the editor's library picker does.");
        library.MapGet("/{id:guid}", GetEntry)
            .WithName("GetLibraryEntry")
            .WithSummary("指标库条目详情");
        library.MapPost("/", CreateEntry)
            .RequireAuthorization(TargetsPolicies.LibraryWrite)
            .WithIdempotency()
            .WithName("CreateLibraryEntry")
            .WithSummary("新增指标库条目");
        library.MapPut("/{id:guid}", UpdateEntry)
            .RequireAuthorization(TargetsPolicies.LibraryWrite)
            .WithName("UpdateLibraryEntry")
            .WithSummary("修改指标库条目（已发布的生成新版本）");
        library.MapPost("/{id:guid}/advance", AdvanceEntry)
            .RequireAuthorization(TargetsPolicies.LibraryAdvance)
            .WithName("AdvanceLibraryEntry")
            .WithSummary("指标库条目确认、审定、发布");
        library.MapPost("/{id:guid}/retire", RetireEntry)
            .RequireAuthorization(TargetsPolicies.LibraryAdvance)
            .WithName("RetireLibraryEntry")
            .WithSummary("停用指标库条目");
        return library;
    }

    public static async Task<Results<Ok<PagedResult<LibraryEntryDto>>, ValidationProblem>> GetEntries(
        [AsParameters] LibraryQuery query, Caller caller, TargetsDb db, LibraryCache cache, CancellationToken ct)
    {
        var (paging, errors) = Paging.From(query.Page, query.PageSize);
        errors.MaxLength("q", query.Q, 100, "关键字");
        if (query.Status is { Length: > 0 } status && !LibraryEntryStates.All.Contains(status))
        {
            errors.Add("status", "invalid_status", $"状态只能是：{string.Join("、", LibraryEntryStates.All)}");
        }
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        // The cache holds a region's published entries and its ancestors' (what its version key covers): it serves a
        // caller who sees exactly that, a county's user. A city or province user also sees the regions below, whose
        // publishing does not bump the city's key, and a service sees everything; they read the database.
        if (query.Status == LibraryEntryStates.Published && caller.RegionCode is { } region && caller.ScopePrefix == region)
        {
            var published = await cache.GetPublishedAsync(region, () => Visible(db, caller)
                .Where(e => e.Status == LibraryEntryStates.Published)
                .OrderBy(e => e.Level1).ThenBy(e => e.Level2).ThenBy(e => e.Code)
                .Select(ToDto).ToListAsync(ct));
            var matching = published.Where(e => Matches(e, query)).ToList();
            return TypedResults.Ok(new PagedResult<LibraryEntryDto>(
                [.. matching.Skip(paging.Skip).Take(paging.PageSize)], matching.Count, paging.Page, paging.PageSize));
        }
        var entries = Filter(Visible(db, caller), query);
        var total = await entries.CountAsync(ct);
        var items = await entries.OrderBy(e => e.Level1).ThenBy(e => e.Level2).ThenBy(e => e.Code).ThenBy(e => e.EntryVersion)
            .Skip(paging.Skip).Take(paging.PageSize).Select(ToDto).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<LibraryEntryDto>(items, total, paging.Page, paging.PageSize));
    }

    public static async Task<Results<Ok<LibraryEntryDto>, NotFound>> GetEntry(Guid id, Caller caller, TargetsDb db, CancellationToken ct) =>
        await Visible(db, caller).Where(e => e.Id == id).Select(ToDto).FirstOrDefaultAsync(ct) is { } entry
            ? TypedResults.Ok(entry)
            : TypedResults.NotFound();

    public static async Task<Results<Created<LibraryEntryDto>, ValidationProblem, ProblemHttpResult>> CreateEntry(
        SaveLibraryEntryRequest request, Caller caller, TargetsDb db, TimeProvider time, CancellationToken ct)
    {
        var errors = Check(request, creating: true);
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (caller.RegionCode is null)
        {
            return ProblemResults.Forbidden("您的账号未归属任何区划，不能维护指标库");
        }
        var (departmentId, departmentName) = DepartmentOf(request, caller);
        if (!LibraryWorkflow.Edits(Actor.From(caller), departmentId))
        {
            return ProblemResults.Forbidden("部门填报人员只能维护本部门的个性指标");
        }
        var number = await db.Database.SqlQuery<long>($"SELECT nextval('library_entry_code_seq') AS \"Value\"").SingleAsync(ct);
        var now = time.GetUtcNow();
        var entry = new LibraryEntry
        {
            Id = Guid.CreateVersion7(now),
            Code = $"ZB{caller.RegionCode}{number:D6}",
            Scope = request.Scope!,
            RegionCode = caller.RegionCode,
            DepartmentId = departmentId,
            DepartmentName = departmentName,
            Level1 = request.Level1!,
            Level2 = request.Level2!,
            Name = request.Name!.Trim(),
            ValueKind = request.ValueKind!,
            Direction = request.Direction ?? IndicatorDirections.Positive,
            CreatedBy = caller.UserId ?? "",
            CreatedAt = now,
        };
        Apply(entry, request, now);
        db.LibraryEntries.Add(entry);
        db.RecordTransition(caller, AuditEntity, entry.Id.ToString(), null, LibraryEntryStates.Draft, $"新增{LibraryScopes.DisplayName(entry.Scope)}“{entry.Name}”");
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/targets/library/{entry.Id}", await Visible(db, caller).Where(e => e.Id == entry.Id).Select(ToDto).FirstAsync(ct));
    }

    public static async Task<Results<Ok<LibraryEntryDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateEntry(
        Guid id, SaveLibraryEntryRequest request, Caller caller, TargetsDb db, TimeProvider time, CancellationToken ct)
    {
        var entry = await db.LibraryEntries.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (entry is null)
        {
            return TypedResults.NotFound();
        }
        var outcome = LibraryWorkflow.Edit(entry.Status, entry.DepartmentId, Actor.From(caller));
        if (!outcome.Allowed)
        {
            return TargetsProblems.From(outcome);
        }
        var errors = Check(request, creating: false);
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (request.Version != entry.Version)
        {
            return ProblemResults.VersionConflict();
        }
        var now = time.GetUtcNow();
        var target = entry;
        if (outcome.Stage == "new_version")
        {
            if (await db.LibraryEntries.AnyAsync(e => e.Code == entry.Code && e.EntryVersion > entry.EntryVersion, ct))
            {
                return ProblemResults.Conflict("new_version_exists", "该指标已有待审定的新版本，请修改新版本");
            }
            target = new LibraryEntry
            {
                Id = Guid.CreateVersion7(now),
                Code = entry.Code,
                Scope = entry.Scope,
                RegionCode = entry.RegionCode,
                DepartmentId = entry.DepartmentId,
                DepartmentName = entry.DepartmentName,
                Level1 = entry.Level1,
                Level2 = entry.Level2,
                Name = entry.Name,
                ValueKind = entry.ValueKind,
                Direction = entry.Direction,
                EntryVersion = entry.EntryVersion + 1,
                CreatedBy = caller.UserId ?? "",
                CreatedAt = now,
            };
            db.LibraryEntries.Add(target);
            db.RecordTransition(caller, AuditEntity, target.Id.ToString(), null, LibraryEntryStates.Draft,
                $"修订已发布的指标“{entry.Name}”，生成第{target.EntryVersion}版");
        }
        target.Scope = request.Scope ?? target.Scope;
        target.Level1 = request.Level1 ?? target.Level1;
        target.Level2 = request.Level2 ?? target.Level2;
        target.Name = request.Name?.Trim() ?? target.Name;
        target.ValueKind = request.ValueKind ?? target.ValueKind;
        target.Direction = request.Direction ?? target.Direction;
        Apply(target, request, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ProblemResults.VersionConflict();
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return ProblemResults.Conflict("new_version_exists", "该指标已有待审定的新版本，请修改新版本");
        }
        return TypedResults.Ok(await Visible(db, caller).Where(e => e.Id == target.Id).Select(ToDto).FirstAsync(ct));
    }

    public static Task<Results<Ok<LibraryEntryDto>, NotFound, ValidationProblem, ProblemHttpResult>> AdvanceEntry(
        Guid id, LibraryTransitionRequest? request, Caller caller, TargetsDb db, LibraryCache cache, TimeProvider time, CancellationToken ct) =>
        MoveAsync(id, request, caller, db, cache, time, (entry, actor) => LibraryWorkflow.Advance(entry.Status, entry.DepartmentId, actor), ct);

    public static Task<Results<Ok<LibraryEntryDto>, NotFound, ValidationProblem, ProblemHttpResult>> RetireEntry(
        Guid id, LibraryTransitionRequest? request, Caller caller, TargetsDb db, LibraryCache cache, TimeProvider time, CancellationToken ct) =>
        MoveAsync(id, request, caller, db, cache, time, (entry, actor) => LibraryWorkflow.Retire(entry.Status, actor), ct);

    private static async Task<Results<Ok<LibraryEntryDto>, NotFound, ValidationProblem, ProblemHttpResult>> MoveAsync(
        Guid id, LibraryTransitionRequest? request, Caller caller, TargetsDb db, LibraryCache cache, TimeProvider time,
        Func<LibraryEntry, Actor, WorkflowOutcome> decide, CancellationToken ct)
    {
        var errors = new FieldErrors().MaxLength("comment", request?.Comment, 2000, "意见");
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var entry = await db.LibraryEntries.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (entry is null)
        {
            return TypedResults.NotFound();
        }
        var outcome = decide(entry, Actor.From(caller));
        if (!outcome.Allowed)
        {
            return TargetsProblems.From(outcome);
        }
        if (request?.Version is { } version && version != entry.Version)
        {
            return ProblemResults.VersionConflict();
        }
        var now = time.GetUtcNow();
        var wasPublished = entry.Status == LibraryEntryStates.Published;
        var comment = RequestText.NullIfBlank(request?.Comment);
        db.RecordTransition(caller, AuditEntity, entry.Id.ToString(), entry.Status, outcome.To!,
            comment ?? $"{LibraryEntryStates.DisplayName(outcome.To!)}");
        entry.Status = outcome.To!;
        entry.UpdatedAt = now;
        if (outcome.To == LibraryEntryStates.Published)
        {
            // The new version replaces the one published before it.
            foreach (var older in await db.LibraryEntries.Where(e => e.Code == entry.Code && e.Id != entry.Id && e.Status == LibraryEntryStates.Published).ToListAsync(ct))
            {
                db.RecordTransition(caller, AuditEntity, older.Id.ToString(), older.Status, LibraryEntryStates.Retired, $"第{entry.EntryVersion}版发布，本版停用");
                older.Status = LibraryEntryStates.Retired;
                older.UpdatedAt = now;
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ProblemResults.VersionConflict();
        }
        if (wasPublished || entry.Status == LibraryEntryStates.Published)
        {
            await cache.BumpAsync(entry.RegionCode);
        }
        return TypedResults.Ok(await Visible(db, caller).Where(e => e.Id == entry.Id).Select(ToDto).FirstAsync(ct));
    }

    /// <summary>Entries in the caller's region and below (region filter), and the published ones of the regions above.</summary>
    private static IQueryable<LibraryEntry> Visible(TargetsDb db, Caller caller)
    {
        if (caller.IsUnrestricted)
        {
            return db.LibraryEntries.AsNoTracking();
        }
        var prefix = caller.ScopePrefix;
        string[] above = caller.RegionCode is { } region ? [.. Regions.SelfAndAncestors(region)] : [];
        return db.LibraryEntries.IgnoreQueryFilters([RegionScopeModel.FilterName]).AsNoTracking()
            .Where(e => (prefix != null && e.RegionCode.StartsWith(prefix))
                || (e.Status == LibraryEntryStates.Published && above.Contains(e.RegionCode)));
    }

    private static IQueryable<LibraryEntry> Filter(IQueryable<LibraryEntry> entries, LibraryQuery query)
    {
        if (query.Q is { } q && q.Trim().Length > 0)
        {
            var pattern = RequestText.ContainsPattern(q);
            entries = entries.Where(e => EF.Functions.ILike(e.Name, pattern, RequestText.LikeEscape) || EF.Functions.ILike(e.Explanation!, pattern, RequestText.LikeEscape));
        }
        if (query.Scope is { Length: > 0 } scope)
        {
            entries = entries.Where(e => e.Scope == scope);
        }
        if (query.Sector is { Length: > 0 } sector)
        {
            entries = entries.Where(e => e.Sector == sector);
        }
        if (query.DepartmentId is { Length: > 0 } departmentId)
        {
            entries = entries.Where(e => e.DepartmentId == departmentId);
        }
        if (query.Level1 is { Length: > 0 } level1)
        {
            entries = entries.Where(e => e.Level1 == level1);
        }
        if (query.Level2 is { Length: > 0 } level2)
        {
            entries = entries.Where(e => e.Level2 == level2);
        }
        if (query.Status is { Length: > 0 } status)
        {
            entries = entries.Where(e => e.Status == status);
        }
        return entries;
    }

    private static bool Matches(LibraryEntryDto entry, LibraryQuery query) =>
        (query.Q is not { } q || q.Trim().Length == 0
            || entry.Name.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase)
            || (entry.Explanation?.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase) ?? false))
        && (query.Scope is not { Length: > 0 } || entry.Scope == query.Scope)
        && (query.Sector is not { Length: > 0 } || entry.Sector == query.Sector)
        && (query.DepartmentId is not { Length: > 0 } || entry.DepartmentId == query.DepartmentId)
        && (query.Level1 is not { Length: > 0 } || entry.Level1 == query.Level1)
        && (query.Level2 is not { Length: > 0 } || entry.Level2 == query.Level2);

    private static (string? Id, string? Name) DepartmentOf(SaveLibraryEntryRequest request, Caller caller)
    {
        if (request.Scope != LibraryScopes.Specific)
        {
            return (null, null);
        }
        if (caller.IsInRole(PlatformRoles.DepartmentFiler) && !caller.IsInAnyRole(PlatformPolicies.FinanceStaffRoles))
        {
            return (caller.OrganisationId, caller.OrganisationName);
        }
        return (RequestText.NullIfBlank(request.DepartmentId), RequestText.NullIfBlank(request.DepartmentName));
    }

    private static void Apply(LibraryEntry entry, SaveLibraryEntryRequest request, DateTimeOffset now)
    {
        entry.Sector = RequestText.NullIfBlank(request.Sector) ?? entry.Sector;
        entry.Comparator = RequestText.NullIfBlank(request.Comparator);
        entry.ReferenceValue = request.ReferenceValue;
        entry.Unit = RequestText.NullIfBlank(request.Unit);
        entry.Explanation = RequestText.NullIfBlank(request.Explanation);
        entry.Source = RequestText.NullIfBlank(request.Source);
        entry.Attribute = RequestText.NullIfBlank(request.Attribute);
        entry.UpdatedAt = now;
    }

    private static FieldErrors Check(SaveLibraryEntryRequest request, bool creating)
    {
        var errors = new FieldErrors();
        if (creating)
        {
            errors.Required("scope", request.Scope, "指标类别")
                .Required("level1", request.Level1, "一级指标")
                .Required("level2", request.Level2, "二级指标")
                .Required("name", request.Name, "指标名称")
                .Required("valueKind", request.ValueKind, "指标性质");
        }
        else
        {
            errors.Required("version", request.Version, "版本号");
        }
        if (request.Scope is { Length: > 0 } scope && !LibraryScopes.All.Contains(scope))
        {
            errors.Add("scope", "invalid_scope", "指标类别只能是 common（共性）或 specific（个性）");
        }
        if (creating && request.Scope == LibraryScopes.Specific && string.IsNullOrWhiteSpace(request.Sector) && string.IsNullOrWhiteSpace(request.DepartmentId))
        {
            errors.Add("sector", "required", "个性指标应注明所属行业或部门");
        }
        if (request.Level1 is not null && !IndicatorLevels.IsLevel1(request.Level1))
        {
            errors.Add("level1", "invalid_level1", "一级指标只能是产出、效益、满意度或成本指标");
        }
        else if (request.Level1 is not null && request.Level2 is not null && !IndicatorLevels.IsLevel2(request.Level1, request.Level2))
        {
            errors.Add("level2", "invalid_level2", $"{IndicatorLevels.Level1Name(request.Level1)}下没有二级指标“{request.Level2}”");
        }
        if (request.ValueKind is { Length: > 0 } kind && !IndicatorValueKinds.All.Contains(kind))
        {
            errors.Add("valueKind", "invalid_value_kind", "指标性质只能是定量（quantitative）或定性（qualitative）");
        }
        if (request.Comparator is { Length: > 0 } comparator && !IndicatorComparators.All.Contains(comparator))
        {
            errors.Add("comparator", "invalid_comparator", "比较符只能是 =、>=、<=、>、<");
        }
        if (request.Direction is { Length: > 0 } direction && !IndicatorDirections.All.Contains(direction))
        {
            errors.Add("direction", "invalid_direction", "指标方向只能是正向（positive）或反向（negative）");
        }
        return errors.MaxLength("name", request.Name, 200, "指标名称")
            .MaxLength("sector", request.Sector, 64, "行业")
            .MaxLength("unit", request.Unit, 32, "计量单位")
            .MaxLength("attribute", request.Attribute, 64, "属性")
            .MaxLength("source", request.Source, 1000, "来源")
            .MaxLength("explanation", request.Explanation, 4000, "指标解释")
            .Must(request.ReferenceValue is not { } value || !IndicatorRules.Exceeds(value, 4), "referenceValue", "invalid_format", "参考值最多四位小数");
    }

    private static readonly System.Linq.Expressions.Expression<Func<LibraryEntry, LibraryEntryDto>> ToDto = e => new LibraryEntryDto(
        e.Id, e.Code, e.Scope, e.Sector, e.DepartmentId, e.DepartmentName, e.Level1, e.Level2, e.Name, e.ValueKind, e.Comparator,
        e.ReferenceValue, e.Unit, e.Direction, e.Explanation, e.Source, e.Attribute, e.EntryVersion, e.Status, e.RegionCode, e.Version);
}
