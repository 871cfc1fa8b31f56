using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Scope;
using static Platform.Contracts.Targets.TargetSetStates;

namespace Platform.Targets.Model;

/// <summary>Who acts: the roles and organisation of the caller, independent of how the token carried them.</summary>
public sealed record Actor(IReadOnlyCollection<string> Roles, string? OrganisationId, string? OrganisationKind, string? RegionCode)
{
    public static Actor From(Caller caller) => new(caller.Roles, caller.OrganisationId, caller.OrganisationKind, caller.RegionCode);

    public bool Has(string role) => Roles.Contains(role);

    /// <summary>A filer of <paramref name="set"/>: the unit that filed it, or the department it belongs to.</summary>
    public bool Files(SetFacts set) =>
        (Has(PlatformRoles.DepartmentFiler) && OrganisationId is not null && OrganisationId == set.DepartmentId)
        || (Has(PlatformRoles.UnitFiler) && OrganisationId is not null && OrganisationId == set.UnitId);

    /// <summary>Finance staff act on the sets of their own region; a city sees its counties' sets but does not review them.</summary>
    public bool IsFinanceOf(SetFacts set, params string[] roles) => RegionCode == set.RegionCode && roles.Any(Has);
}

/// <summary>The outcome of asking the workflow: allowed (to <see cref="To"/>), forbidden (403) or refused in this state (409).</summary>
public sealed record WorkflowOutcome(WorkflowVerdict Verdict, string? To, string? Stage, string Code, string Message)
{
    public bool Allowed => Verdict == WorkflowVerdict.Allowed;

    public static WorkflowOutcome Allow(string to, string? stage = null) => new(WorkflowVerdict.Allowed, to, stage, "", "");

    public static WorkflowOutcome Forbid(string message) => new(WorkflowVerdict.Forbidden, null, null, "forbidden", message);

    public static WorkflowOutcome WrongState(string status, string message) => IsFrozen(status)
        ? new(WorkflowVerdict.Conflict, null, null, "frozen", $"目标表已{DisplayName(status)}，版本已冻结，不能修改；如需调整请发起调整")
        : new(WorkflowVerdict.Conflict, null, null, "invalid_state", message);

    private static bool IsFrozen(string status) => TargetSetWorkflow.FrozenStates.Contains(status);
}

public enum WorkflowVerdict
{
    Allowed,
    Forbidden,
    Conflict,
}

/// <summary>
/// The target-set lifecycle: DRAFT → SUBMITTED → DEPT_REVIEWED → FIN_REVIEW → APPROVED → ISSUED (frozen) → PUBLISHED,
/// rejection from any review stage back to DRAFT as a new revision, adjustment of an issued set into a new version.
/// Each step names who may take it; the caller's region scope is checked before (a set out of scope is not found).
/// </summary>
public static class TargetSetWorkflow
{
    public const string DepartmentStage = "department";
    public const string BusinessStage = "business";
    public const string PerformanceStage = "performance";

    /// <summary>Versions that are 批复 or later: never written again (an adjustment creates a new version).</summary>
    public static readonly IReadOnlyList<string> FrozenStates = [Issued, Published, Active, Adjusting, Closed];

    /// <summary>States an adjustment may start from.</summary>
    public static readonly IReadOnlyList<string> AdjustableStates = [Issued, Published, Active];

    /// <summary>The review stage a set in <paramref name="status"/> waits for, or null.</summary>
    public static string? StageOf(string status) => status switch
    {
        Submitted => DepartmentStage,
        DeptReviewed => BusinessStage,
        FinReview => PerformanceStage,
        _ => null,
    };

    /// <summary>The state a set waiting for <paramref name="stage"/> is in.</summary>
    public static string StatusAwaiting(string stage) => stage switch
    {
        DepartmentStage => Submitted,
        BusinessStage => DeptReviewed,
        PerformanceStage => FinReview,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    public static string StageName(string stage) => stage switch
    {
        DepartmentStage => "主管部门审核",
        BusinessStage => "业务科室审核",
        PerformanceStage => "绩效科审核",
        _ => stage,
    };

    /// <summary>The stages whose queue <paramref name="actor"/> works (by role).</summary>
    public static IReadOnlyList<string> StagesOf(Actor actor)
    {
        var stages = new List<string>();
        if (actor.Has(PlatformRoles.DepartmentFiler))
        {
            stages.Add(DepartmentStage);
        }
        if (actor.Has(PlatformRoles.BusinessReviewer))
        {
            stages.Add(BusinessStage);
        }
        if (actor.Has(PlatformRoles.PerformanceOfficer))
        {
            stages.Add(PerformanceStage);
        }
        return stages;
    }

    /// <summary>Whether <paramref name="actor"/> may review a set at <paramref name="stage"/>.</summary>
    public static bool Reviews(Actor actor, SetFacts set, string stage) => stage switch
    {
        // A set filed by the department itself still passes its department's review.
        DepartmentStage => actor.Has(PlatformRoles.DepartmentFiler) && actor.OrganisationId == set.DepartmentId,
        BusinessStage => actor.IsFinanceOf(set, PlatformRoles.BusinessReviewer),
        PerformanceStage => actor.IsFinanceOf(set, PlatformRoles.PerformanceOfficer),
        _ => false,
    };

    /// <summary>Saving the draft (PUT, apply-template): its filers, in DRAFT only.</summary>
    public static WorkflowOutcome Edit(SetFacts set, Actor actor)
    {
        if (!actor.Files(set))
        {
            return WorkflowOutcome.Forbid("只有填报该目标表的单位或主管部门可以修改");
        }
        return set.Status == Draft ? WorkflowOutcome.Allow(Draft) : WorkflowOutcome.WrongState(set.Status, $"目标表当前为“{DisplayName(set.Status)}”，只有草稿可以修改");
    }

    public static WorkflowOutcome Submit(SetFacts set, Actor actor)
    {
        if (!actor.Files(set))
        {
            return WorkflowOutcome.Forbid("只有填报该目标表的单位或主管部门可以提交");
        }
        return set.Status == Draft ? WorkflowOutcome.Allow(Submitted) : WorkflowOutcome.WrongState(set.Status, $"目标表当前为“{DisplayName(set.Status)}”，只有草稿可以提交");
    }

    /// <summary>Approve or reject at the stage the set waits for; the stage follows from the state.</summary>
    public static WorkflowOutcome Review(SetFacts set, Actor actor, bool approve)
    {
        if (StageOf(set.Status) is not { } stage)
        {
            return WorkflowOutcome.WrongState(set.Status, $"目标表当前为“{DisplayName(set.Status)}”，不在审核环节");
        }
        if (!Reviews(actor, set, stage))
        {
            return WorkflowOutcome.Forbid($"目标表正在等待{StageName(stage)}，您的角色不能办理这一环节");
        }
        if (!approve)
        {
            return WorkflowOutcome.Allow(Draft, stage);
        }
        return WorkflowOutcome.Allow(stage switch
        {
            DepartmentStage => DeptReviewed,
            BusinessStage => FinReview,
            _ => Approved,
        }, stage);
    }

    /// <summary>批复: the budget office or the performance office of the set's region.</summary>
    public static WorkflowOutcome Issue(SetFacts set, Actor actor)
    {
        if (!actor.IsFinanceOf(set, PlatformRoles.BudgetOfficer, PlatformRoles.PerformanceOfficer))
        {
            return WorkflowOutcome.Forbid("只有本级财政预算科或绩效科可以批复目标表");
        }
        return set.Status == Approved ? WorkflowOutcome.Allow(Issued) : WorkflowOutcome.WrongState(set.Status, $"目标表当前为“{DisplayName(set.Status)}”，审核通过后才能批复");
    }

    /// <summary>公开 with the budget: finance staff of the set's region.</summary>
    public static WorkflowOutcome Publish(SetFacts set, Actor actor)
    {
        if (!actor.IsFinanceOf(set, [.. PlatformPolicies.FinanceStaffRoles]))
        {
            return WorkflowOutcome.Forbid("只有本级财政部门可以公开目标表");
        }
        return set.Status == Issued ? WorkflowOutcome.Allow(Published) : WorkflowOutcome.WrongState(set.Status, $"目标表当前为“{DisplayName(set.Status)}”，批复后才能公开");
    }

    /// <summary>An adjustment (new version) of an issued set: its filers or the performance office of its region.</summary>
    public static WorkflowOutcome Adjust(SetFacts set, Actor actor)
    {
        if (!actor.Files(set) && !actor.IsFinanceOf(set, PlatformRoles.PerformanceOfficer))
        {
            return WorkflowOutcome.Forbid("只有填报单位、主管部门或本级绩效科可以发起目标调整");
        }
        if (AdjustableStates.Contains(set.Status))
        {
            return WorkflowOutcome.Allow(Adjusting);
        }
        return new(WorkflowVerdict.Conflict, null, null, "invalid_state", set.Status is Adjusting
            ? "目标表已在调整中，请编辑新版本"
            : $"目标表当前为“{DisplayName(set.Status)}”，批复后才能调整；批复前请通过退回修改");
    }
}
