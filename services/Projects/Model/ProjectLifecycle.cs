using Platform.Contracts.Identity;
using Platform.Contracts.Projects;
using Platform.ServiceDefaults.Scope;
using static Platform.Contracts.Projects.ProjectStates;

namespace Platform.Projects.Model;

/// <summary>What moves a project from one state to another.</summary>
public enum ProjectAction
{
    /// <summary>The filer submits (DRAFT/RETURNED → SUBMITTED), then the region's rule routes it.</summary>
    Submit,

    /// <summary>SUBMITTED → PRE_ASSESSING or REVIEWING, by the region's ex-ante rule.</summary>
    Route,

    /// <summary>Finance staff send it back to the filer.</summary>
    Return,

    /// <summary>The assessor records the ex-ante outcome.</summary>
    CompleteExAnte,

    /// <summary>Closing a review batch: 审定 = 0 is NOT_SUPPORTED; otherwise RESERVED once the target set is approved.</summary>
    CloseReview,

    /// <summary>The target set's approval arrives (from targets) after the review: REVIEWING → RESERVED.</summary>
    Admit,

    /// <summary>预算科 puts it in the budget.</summary>
    Budget,

    /// <summary>预算科 records the 批复.</summary>
    Approve,
}

/// <summary>
/// The project lifecycle of DOMAIN.md as a table: which action may move a project from which state to which, and who
/// may take it. Everything else is refused. Editing is allowed only while the filer holds the project (DRAFT, RETURNED).
/// </summary>
public static class ProjectLifecycle
{
    private sealed record Step(ProjectAction Action, string From, string To);

    private static readonly Step[] Steps =
    [
        new(ProjectAction.Submit, Draft, Submitted),
        new(ProjectAction.Submit, Returned, Submitted),
        new(ProjectAction.Route, Submitted, PreAssessing),
        new(ProjectAction.Route, Submitted, Reviewing),
        new(ProjectAction.Return, Submitted, Returned),
        new(ProjectAction.Return, PreAssessing, Returned),
        new(ProjectAction.Return, Reviewing, Returned),
        new(ProjectAction.CompleteExAnte, PreAssessing, Reviewing),
        new(ProjectAction.CompleteExAnte, PreAssessing, NotSupported),
        new(ProjectAction.CompleteExAnte, PreAssessing, Returned),
        new(ProjectAction.CloseReview, Reviewing, Reserved),
        new(ProjectAction.CloseReview, Reviewing, NotSupported),
        new(ProjectAction.Admit, Reviewing, Reserved),
        new(ProjectAction.Budget, Reserved, Budgeted),
        new(ProjectAction.Approve, Budgeted, Approved),
    ];

    /// <summary>The roles (besides services, for <see cref="ProjectAction.Admit"/>) that may take each action.</summary>
    private static readonly Dictionary<ProjectAction, IReadOnlyList<string>> Actors = new()
    {
        [ProjectAction.Submit] = PlatformPolicies.FilerRoles,
        [ProjectAction.Route] = PlatformPolicies.FilerRoles,
        [ProjectAction.Return] = PlatformPolicies.FinanceStaffRoles,
        [ProjectAction.CompleteExAnte] = [.. PlatformPolicies.FinanceStaffRoles, PlatformRoles.Expert, PlatformRoles.AgencyStaff],
        [ProjectAction.CloseReview] = PlatformPolicies.FinanceStaffRoles,
        [ProjectAction.Admit] = [],
        [ProjectAction.Budget] = [PlatformRoles.BudgetOfficer],
        [ProjectAction.Approve] = [PlatformRoles.BudgetOfficer],
    };

    /// <summary>The states the filer may edit in.</summary>
    public static readonly IReadOnlyList<string> EditableStates = [Draft, Returned];

    public static bool IsEditable(string state) => EditableStates.Contains(state);

    /// <summary>Whether <paramref name="action"/> may move a project from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool Allows(ProjectAction action, string from, string to) =>
        Steps.Any(s => s.Action == action && s.From == from && s.To == to);

    public static bool CanStart(ProjectAction action, string from) => Steps.Any(s => s.Action == action && s.From == from);

    /// <summary>
    /// Whether <paramref name="caller"/> may take <paramref name="action"/>: a user holding one of its roles, or the
    /// system or another service (admission arrives from targets; the system routes submissions).
    /// </summary>
    public static bool MayAct(ProjectAction action, Caller caller) =>
        caller.IsUnrestricted || (caller.IsUser && caller.IsInAnyRole(Actors[action]));

    /// <summary>"当前状态为“评审中”，不能提交" for a refused action.</summary>
    public static string Refusal(ProjectAction action, string from) =>
        $"当前状态为“{DisplayName(from)}”，不能{Verb(action)}";

    public static string Verb(ProjectAction action) => action switch
    {
        ProjectAction.Submit => "提交",
        ProjectAction.Route => "分送",
        ProjectAction.Return => "退回",
        ProjectAction.CompleteExAnte => "完成事前绩效评估",
        ProjectAction.CloseReview => "完成评审",
        ProjectAction.Admit => "入库",
        ProjectAction.Budget => "纳入预算",
        ProjectAction.Approve => "批复",
        _ => action.ToString(),
    };
}
