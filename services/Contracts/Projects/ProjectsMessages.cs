namespace Platform.Contracts.Projects;

/// <summary>
/// Message types the projects service receives through its inbox (<c>POST /api/projects/inbox/{type}</c>), sent by
/// other services' outbox relays with an Idempotency-Key.
/// </summary>
public static class ProjectsMessages
{
    /// <summary>targets → projects: a project's target set was approved (opens admission).</summary>
    public const string TargetSetApproved = "target-set-approved";

    /// <summary>targets → projects: an approved set was reopened for adjustment.</summary>
    public const string TargetSetWithdrawn = "target-set-withdrawn";

    /// <summary>evaluation → projects: a result application (结果应用) decided for a project.</summary>
    public const string ResultApplied = "result-applied";
}

public sealed record TargetSetApprovedMessage(Guid ProjectId, Guid TargetSetId, int Revision, DateTimeOffset ApprovedAt);

public sealed record TargetSetWithdrawnMessage(Guid ProjectId, Guid TargetSetId);

/// <summary>Decision is one of <see cref="ResultDecisions"/>; CANCEL blocks the project's budget for good.</summary>
public sealed record ResultAppliedMessage(
    Guid ProjectId,
    int Year,
    string Grade,
    string Decision,
    decimal? ReductionRate,
    string? Reason,
    string EvaluationRef);

/// <summary>结果应用 decisions: 优先保障, 据实保障, 核减, 取消, 暂停.</summary>
public static class ResultDecisions
{
    public const string Prioritise = "PRIORITISE";
    public const string AsIs = "AS_IS";
    public const string Reduce = "REDUCE";
    public const string Cancel = "CANCEL";
    public const string Suspend = "SUSPEND";

    public static readonly IReadOnlyList<string> All = [Prioritise, AsIs, Reduce, Cancel, Suspend];
}
