using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Common;
using Platform.Contracts.Http;
using Platform.Contracts.Identity;
using Platform.Contracts.Projects;
using Platform.Contracts.Targets;
using Platform.Projects.Infrastructure;
using Platform.Projects.Model;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Idempotency;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Apis;

/// <summary>The 项目库: filing, editing, the list, history, and the lifecycle steps that are not ex-ante or review.</summary>
public static partial class ProjectsApi
{
    /// <summary>The service's endpoint group under <c>/api/projects</c>; every endpoint in it requires a signed-in caller.</summary>
    public static RouteGroupBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/projects").RequireAuthorization().WithTags("Projects");
        api.MapCaller("Projects");

        api.MapGet("/", GetProjects).RequireAuthorization(ProjectPolicies.List)
            .WithName("GetProjects").WithSummary("项目列表")
            .WithDescription("Projects the caller may see, filtered by year, status, kind, department, region (and below), new or continuing and text; a page at a time.");
        api.MapPost("/", CreateProject).RequireAuthorization(PlatformPolicies.Filer).WithIdempotency()
            .Accepts<SaveProjectRequest>("application/json")
            .WithName("CreateProject").WithSummary("新建项目");
        api.MapGet("/{id:guid}", GetProject).RequireAuthorization(ProjectPolicies.Read)
            .WithName("GetProject").WithSummary("项目详情");
        api.MapPut("/{id:guid}", UpdateProject).RequireAuthorization(PlatformPolicies.Filer)
            .Accepts<SaveProjectRequest>("application/json")
            .WithName("UpdateProject").WithSummary("修改项目").WithDescription("Only in DRAFT or RETURNED; the version read is required.");
        api.MapGet("/{id:guid}/history", GetHistory).RequireAuthorization(ProjectPolicies.Read)
            .WithName("GetProjectHistory").WithSummary("项目流转记录");
        api.MapPost("/{id:guid}/submit", SubmitProject).RequireAuthorization(PlatformPolicies.Filer)
            .WithName("SubmitProject").WithSummary("提交项目")
            .WithDescription("Refused (422 target_set_missing) when the project has no target set in targets; routed to PRE_ASSESSING when the region's ex-ante rule triggers, otherwise REVIEWING.");
        api.MapPost("/{id:guid}/return", ReturnProject).RequireAuthorization(PlatformPolicies.FinanceStaff)
            .WithName("ReturnProject").WithSummary("退回项目");
        api.MapPost("/{id:guid}/budget", BudgetProject).RequireAuthorization(ProjectPolicies.Budget)
            .WithName("BudgetProject").WithSummary("纳入预算");
        api.MapPost("/{id:guid}/approve", ApproveProject).RequireAuthorization(ProjectPolicies.Budget)
            .WithName("ApproveProject").WithSummary("批复");
        return api;
    }

    public static async Task<Results<Ok<PagedResult<ProjectDto>>, ValidationProblem>> GetProjects(
        [AsParameters] ProjectFilter filter, int? page, int? pageSize, string? sort, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        var (paging, errors) = Paging.From(page, pageSize);
        var query = filter.Apply(db.VisibleProjects(caller), errors);
        var sorted = ProjectFilter.Sort(query, sort, errors);
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var total = await query.CountAsync(ct);
        var items = await sorted.Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<ProjectDto>(items.Select(p => p.ToDto()).ToList(), total, paging.Page, paging.PageSize));
    }

    public static async Task<Results<Ok<ProjectDto>, NotFound>> GetProject(Guid id, Caller caller, ProjectsDb db, CancellationToken ct) =>
        await db.VisibleProjects(caller).FirstOrDefaultAsync(p => p.Id == id, ct) is { } project
            ? TypedResults.Ok(project.ToDto())
            : TypedResults.NotFound();

    public static async Task<Results<Ok<ProjectHistoryEntryDto[]>, NotFound>> GetHistory(Guid id, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        if (!await db.VisibleProjects(caller).AnyAsync(p => p.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        var entityId = id.ToString();
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == ProjectTransitions.EntityType && a.EntityId == entityId)
            .OrderBy(a => a.Id)
            .Select(a => new ProjectHistoryEntryDto(a.FromState, a.ToState, a.Comment, a.ActorName, a.OccurredAt))
            .ToArrayAsync(ct);
        return TypedResults.Ok(entries);
    }

    public static async Task<Results<Created<ProjectDto>, ValidationProblem, ProblemHttpResult>> CreateProject(
        JsonBody<SaveProjectRequest> body, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        if (Check(body, versionRequired: false) is { } refused)
        {
            return refused.As<Results<Created<ProjectDto>, ValidationProblem, ProblemHttpResult>>(v => v, p => p);
        }
        if (FilingOrganisation.Of(caller) is not { } filer)
        {
            return ProblemResults.Forbidden("您的账号未关联预算部门或单位，不能填报项目。");
        }
        var request = body.Value!;
        var sequence = await db.AllocateCodeSequenceAsync(request.Year!.Value, filer.RegionCode, 1, ct);
        var now = DateTimeOffset.UtcNow;
        var project = new Project
        {
            Id = Guid.CreateVersion7(),
            Code = ProjectCode.Format(request.Year.Value, filer.RegionCode, sequence),
            RegionCode = filer.RegionCode,
            RegionName = filer.RegionName,
            DepartmentId = filer.DepartmentId,
            DepartmentName = filer.DepartmentName,
            UnitId = filer.UnitId,
            UnitName = filer.UnitName,
            Name = "",
            Kind = "",
            FundingSource = "",
            CreatedBy = caller.UserId ?? "",
            CreatedAt = now,
            UpdatedAt = now,
        };
        Apply(project, request);
        db.Projects.Add(project);
        db.RecordTransition(caller, ProjectTransitions.EntityType, project.Id.ToString(), null, ProjectStates.Draft, $"新建项目“{project.Name}”（{project.Code}）");
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/projects/{project.Id}", project.ToDto());
    }

    public static async Task<Results<Ok<ProjectDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateProject(
        Guid id, JsonBody<SaveProjectRequest> body, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        var project = await db.FindVisibleAsync(id, caller, ct);
        if (project is null)
        {
            return TypedResults.NotFound();
        }
        if (Check(body, versionRequired: true) is { } refused)
        {
            return refused.As<Results<Ok<ProjectDto>, NotFound, ValidationProblem, ProblemHttpResult>>(v => v, p => p);
        }
        var request = body.Value!;
        if (!ProjectLifecycle.IsEditable(project.Status))
        {
            return ProjectProblems.Rule(ProjectProblems.InvalidState, $"当前状态为“{ProjectStates.DisplayName(project.Status)}”，只有草稿或已退回的项目可以修改");
        }
        if (request.Version != project.Version)
        {
            return ProblemResults.VersionConflict();
        }
        Apply(project, request);
        project.UpdatedAt = DateTimeOffset.UtcNow;
        return await SaveAsync(db, ct) is { } conflict ? conflict : TypedResults.Ok(project.ToDto());
    }

    public static async Task<Results<Ok<ProjectDto>, NotFound, ValidationProblem, ProblemHttpResult>> SubmitProject(
        Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] TransitionRequest? request,
        Caller caller, ProjectsDb db, TargetsClient targets, ILogger<TargetsClient> logger, CancellationToken ct)
    {
        var project = await db.FindVisibleAsync(id, caller, ct);
        if (project is null)
        {
            return TypedResults.NotFound();
        }
        if (CheckTransition(project, ProjectAction.Submit, request, caller) is { } refused)
        {
            return refused.As<Results<Ok<ProjectDto>, NotFound, ValidationProblem, ProblemHttpResult>>(v => v, p => p);
        }
        TargetSetDto? set;
        try
        {
            set = await targets.FindSetByProjectAsync(project.Id, ct);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            LogTargetsUnavailable(logger, project.Id, ex.Message);
            return ProblemResults.Unavailable("暂时无法核对项目的绩效目标，请稍后重试；项目未提交。");
        }
        if (set is null)
        {
            return ProjectProblems.Rule(ProjectProblems.TargetSetMissing, ProjectProblems.TargetSetMissingMessage, "targetSet");
        }
        project.TargetSetId = set.Id;
        project.TargetSetStatus = set.Status;

        var rules = await db.EffectiveRulesAsync(project.RegionCode, ct);
        var required = rules.ExAnteRule.Triggers(project.IsNew, project.Kind, project.FundingSource, project.RequestedAmount);
        // A resubmission starts the assessment and review afresh.
        project.ExAnteRequired = required;
        project.ExAnteOutcome = null;
        project.ReviewDone = false;
        project.ApprovedAmount = null;
        db.Move(project, ProjectAction.Submit, ProjectStates.Submitted, caller, RequestText.NullIfBlank(request?.Comment) ?? "提交项目");
        if (required)
        {
            await ResetExAnteAsync(db, project, rules.PassMark, ct);
            db.Move(project, ProjectAction.Route, ProjectStates.PreAssessing, caller, rules.ExAnteRule.Explain());
        }
        else
        {
            db.Move(project, ProjectAction.Route, ProjectStates.Reviewing, caller, "未达到本区划事前绩效评估条件，进入预算评审");
        }
        return await SaveAsync(db, ct) is { } conflict ? conflict : TypedResults.Ok(project.ToDto());
    }

    public static async Task<Results<Ok<ProjectDto>, NotFound, ValidationProblem, ProblemHttpResult>> ReturnProject(
        Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] TransitionRequest? request,
        Caller caller, ProjectsDb db, CancellationToken ct)
    {
        var project = await db.FindVisibleAsync(id, caller, ct);
        if (project is null)
        {
            return TypedResults.NotFound();
        }
        var comment = RequestText.NullIfBlank(request?.Comment);
        var errors = new FieldErrors().Required("comment", comment, "退回意见").MaxLength("comment", comment, 2000, "退回意见");
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (CheckTransition(project, ProjectAction.Return, request, caller) is { } refused)
        {
            return refused.As<Results<Ok<ProjectDto>, NotFound, ValidationProblem, ProblemHttpResult>>(v => v, p => p);
        }
        await ReviewApi.WithdrawFromOpenBatchesAsync(db, project.Id, ct);
        db.Move(project, ProjectAction.Return, ProjectStates.Returned, caller, comment);
        return await SaveAsync(db, ct) is { } conflict ? conflict : TypedResults.Ok(project.ToDto());
    }

    public static async Task<Results<Ok<ProjectDto>, NotFound, ValidationProblem, ProblemHttpResult>> BudgetProject(
        Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] TransitionRequest? request,
        Caller caller, ProjectsDb db, CancellationToken ct) =>
        await BudgetStep(id, ProjectAction.Budget, ProjectStates.Budgeted, request, caller, db, ct);

    public static async Task<Results<Ok<ProjectDto>, NotFound, ValidationProblem, ProblemHttpResult>> ApproveProject(
        Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] TransitionRequest? request,
        Caller caller, ProjectsDb db, CancellationToken ct) =>
        await BudgetStep(id, ProjectAction.Approve, ProjectStates.Approved, request, caller, db, ct);

    /// <summary>
    /// 纳入预算 and 批复: refused for good when an evaluation result cancelled the project (its code), and while the
    /// target set is not approved (视同无效项目，不得安排预算资金).
    /// </summary>
    private static async Task<Results<Ok<ProjectDto>, NotFound, ValidationProblem, ProblemHttpResult>> BudgetStep(
        Guid id, ProjectAction action, string to, TransitionRequest? request, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        var project = await db.FindVisibleAsync(id, caller, ct);
        if (project is null)
        {
            return TypedResults.NotFound();
        }
        if (CheckTransition(project, action, request, caller) is { } refused)
        {
            return refused.As<Results<Ok<ProjectDto>, NotFound, ValidationProblem, ProblemHttpResult>>(v => v, p => p);
        }
        if (project.BudgetBlocked || await db.ResultApplications.AnyAsync(r => r.ProjectCode == project.Code && r.Decision == ResultDecisions.Cancel, ct))
        {
            return ProjectProblems.Rule(ProjectProblems.BudgetBlocked,
                $"该项目已被绩效评价结果应用取消，不得安排预算资金。{project.BudgetBlockedReason}".TrimEnd());
        }
        if (!project.TargetSetApproved)
        {
            return ProjectProblems.Rule(ProjectProblems.TargetSetMissing, "项目绩效目标未批复，视同无效项目，不得安排预算资金", "targetSet");
        }
        db.Move(project, action, to, caller, RequestText.NullIfBlank(request?.Comment) ?? ProjectLifecycle.Verb(action));
        return await SaveAsync(db, ct) is { } conflict ? conflict : TypedResults.Ok(project.ToDto());
    }

    /// <summary>Role, state and version checks shared by the lifecycle steps: 403, 422 invalid_state, 409.</summary>
    internal static Refusal? CheckTransition(Project project, ProjectAction action, TransitionRequest? request, Caller caller)
    {
        if (!ProjectLifecycle.MayAct(action, caller))
        {
            return ProblemResults.Forbidden($"您的角色不能{ProjectLifecycle.Verb(action)}项目。");
        }
        if (!ProjectLifecycle.CanStart(action, project.Status))
        {
            return ProjectProblems.Rule(ProjectProblems.InvalidState, ProjectLifecycle.Refusal(action, project.Status));
        }
        if (request?.Version is { } version && version != project.Version)
        {
            return ProblemResults.VersionConflict();
        }
        return null;
    }

    /// <summary>Saves; a concurrent change since the caller's read (xmin moved) is a 409.</summary>
    internal static async Task<ProblemHttpResult?> SaveAsync(ProjectsDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ProblemResults.VersionConflict();
        }
    }

    private static Refusal? Check(JsonBody<SaveProjectRequest> body, bool versionRequired)
    {
        if (body.Errors.HasErrors)
        {
            return body.Errors.ToValidationProblem();
        }
        var errors = ProjectFields.Validate(body.Value!, versionRequired);
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        var rules = ProjectFields.Rules(body.Value!);
        if (rules.HasErrors)
        {
            return rules.ToUnprocessable();
        }
        return null;
    }

    private static void Apply(Project project, SaveProjectRequest request)
    {
        project.Year = request.Year!.Value;
        project.Name = request.Name!.Trim();
        project.Kind = request.Kind!;
        project.IsNew = request.IsNew!.Value;
        project.FundingSource = request.FundingSource!.Trim();
        project.RequestedAmount = request.RequestedAmount!.Value;
        project.StartYear = request.StartYear!.Value;
        project.EndYear = request.EndYear!.Value;
        project.Description = RequestText.NullIfBlank(request.Description);
        project.ContactName = RequestText.NullIfBlank(request.ContactName);
        project.ContactPhone = RequestText.NullIfBlank(request.ContactPhone);
        project.Attachments = request.Attachments?.Select(a => a with { Name = a.Name.Trim() }).ToList() ?? [];
    }

    /// <summary>A (re)submitted project needing ex-ante gets a fresh assessment under the pass mark in force now.</summary>
    private static async Task ResetExAnteAsync(ProjectsDb db, Project project, decimal passMark, CancellationToken ct)
    {
        var assessment = await db.ExAnteAssessments.FirstOrDefaultAsync(e => e.ProjectId == project.Id, ct);
        if (assessment is null)
        {
            db.ExAnteAssessments.Add(new ExAnteAssessment { ProjectId = project.Id, RegionCode = project.RegionCode, PassMark = passMark, UpdatedAt = DateTimeOffset.UtcNow });
            return;
        }
        assessment.PassMark = passMark;
        assessment.Outcome = null;
        assessment.Conclusion = null;
        assessment.CompletedAt = null;
        assessment.UpdatedAt = DateTimeOffset.UtcNow;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the target set of project {ProjectId}: {Reason}")]
    private static partial void LogTargetsUnavailable(ILogger logger, Guid projectId, string reason);
}

/// <summary>The department (and unit) a filer files for, from their token.</summary>
public sealed record FilingOrganisation(string RegionCode, string RegionName, string DepartmentId, string DepartmentName, string? UnitId, string? UnitName)
{
    public static FilingOrganisation? Of(Caller caller)
    {
        if (caller.RegionCode is null || caller.DepartmentId is null || caller.OrganisationId is null)
        {
            return null;
        }
        var isUnit = caller.OrganisationKind == OrganisationKinds.Unit && caller.ParentOrganisationId is not null;
        return new FilingOrganisation(
            caller.RegionCode,
            caller.RegionName ?? caller.RegionCode,
            caller.DepartmentId,
            caller.DepartmentName ?? caller.DepartmentId,
            isUnit ? caller.OrganisationId : null,
            isUnit ? caller.OrganisationName : null);
    }
}
