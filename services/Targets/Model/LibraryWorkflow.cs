using Platform.Contracts.Identity;
using static Platform.Contracts.Targets.LibraryEntryStates;

namespace Platform.Targets.Model;

/// <summary>
/// An indicator library entry's life: DRAFT → DEPT_CONFIRMED (部门确认) → EXPERT_APPROVED (专家审定) → PUBLISHED, and
/// RETIRED. Editing a published entry starts its next version as a draft. Region scope is checked before.
/// </summary>
public static class LibraryWorkflow
{
    private static readonly string[] FinanceEditors =
        [PlatformRoles.PerformanceOfficer, PlatformRoles.BusinessReviewer, PlatformRoles.BudgetOfficer, PlatformRoles.RegionAdmin, PlatformRoles.PlatformOperator];

    /// <summary>Who may write an entry: finance staff, or the department filer of a 个性 entry's department.</summary>
    public static bool Edits(Actor actor, string? departmentId) =>
        FinanceEditors.Any(actor.Has) || (actor.Has(PlatformRoles.DepartmentFiler) && departmentId is not null && actor.OrganisationId == departmentId);

    /// <summary>
    /// PUT: a draft is changed in place; a published entry gets its next version as a draft; other states are in
    /// review (409).
    /// </summary>
    public static WorkflowOutcome Edit(string status, string? departmentId, Actor actor)
    {
        if (!Edits(actor, departmentId))
        {
            return WorkflowOutcome.Forbid("只有财政部门或该指标所属部门可以修改指标库条目");
        }
        return status switch
        {
            Draft => WorkflowOutcome.Allow(Draft),
            Published => WorkflowOutcome.Allow(Draft, "new_version"),
            _ => new(WorkflowVerdict.Conflict, null, null, "invalid_state", $"指标库条目当前为“{DisplayName(status)}”，审定中的条目不能修改"),
        };
    }

    /// <summary>One step forward, by the role that owns it.</summary>
    public static WorkflowOutcome Advance(string status, string? departmentId, Actor actor) => status switch
    {
        Draft => departmentId is not null
            ? actor.Has(PlatformRoles.DepartmentFiler) && actor.OrganisationId == departmentId
                ? WorkflowOutcome.Allow(DeptConfirmed)
                : WorkflowOutcome.Forbid("个性指标应由所属部门确认")
            // A common entry belongs to no department: the finance office that drafted it confirms it.
            : actor.Has(PlatformRoles.PerformanceOfficer) || actor.Has(PlatformRoles.BusinessReviewer)
                ? WorkflowOutcome.Allow(DeptConfirmed)
                : WorkflowOutcome.Forbid("共性指标应由财政绩效科或业务科室确认"),
        DeptConfirmed => actor.Has(PlatformRoles.Expert)
            ? WorkflowOutcome.Allow(ExpertApproved)
            : WorkflowOutcome.Forbid("部门确认后的指标应由专家审定"),
        ExpertApproved => actor.Has(PlatformRoles.PerformanceOfficer)
            ? WorkflowOutcome.Allow(Published)
            : WorkflowOutcome.Forbid("专家审定后的指标由绩效科发布"),
        _ => new(WorkflowVerdict.Conflict, null, null, "invalid_state", $"指标库条目当前为“{DisplayName(status)}”，没有下一步"),
    };

    /// <summary>停用: the performance office, from any state but retired.</summary>
    public static WorkflowOutcome Retire(string status, Actor actor)
    {
        if (!actor.Has(PlatformRoles.PerformanceOfficer))
        {
            return WorkflowOutcome.Forbid("只有绩效科可以停用指标库条目");
        }
        return status == Retired
            ? new(WorkflowVerdict.Conflict, null, null, "invalid_state", "指标库条目已停用")
            : WorkflowOutcome.Allow(Retired);
    }
}
