using Platform.ServiceDefaults.Scope;

namespace Platform.Targets.Model;

/// <summary>
/// A target set (绩效目标表) of a project, a policy or a whole department, in one version and revision. A rejection
/// keeps the row and raises <see cref="Revision"/> (the rejected revision is frozen in <see cref="TargetSetRevision"/>);
/// an adjustment creates a new row with <see cref="SetVersion"/> + 1 in the same <see cref="LineageId"/>.
/// </summary>
public sealed class TargetSet : IRegionScoped
{
    public Guid Id { get; set; }

    public Guid LineageId { get; set; }

    public required string OwnerType { get; set; }

    public Guid? ProjectId { get; set; }

    public required string OwnerName { get; set; }

    public int Year { get; set; }

    public required string RegionCode { get; set; }

    public required string RegionName { get; set; }

    /// <summary>The 主管部门 that files and first reviews the set (an organisation id from identity).</summary>
    public required string DepartmentId { get; set; }

    public required string DepartmentName { get; set; }

    /// <summary>The unit (二级单位) that filed it, when a unit did.</summary>
    public string? UnitId { get; set; }

    public string? UnitName { get; set; }

    public decimal? Amount { get; set; }

    public string? OverallGoal { get; set; }

    public int SetVersion { get; set; } = 1;

    public int Revision { get; set; } = 1;

    public string Status { get; set; } = Contracts.Targets.TargetSetStates.Draft;

    public bool IsKey { get; set; }

    public decimal TotalPoints { get; set; }

    public int IndicatorCount { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    public DateTimeOffset? IssuedAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>PostgreSQL xmin: the optimistic concurrency token clients send back.</summary>
    public uint Version { get; set; }

    public List<Indicator> Indicators { get; set; } = [];

    /// <summary>Keeps the list columns (Σ points, count) in step with the indicators.</summary>
    public void RecomputeTotals()
    {
        TotalPoints = Indicators.Sum(i => i.Points);
        IndicatorCount = Indicators.Count;
    }

    public SetFacts Facts => new(Status, RegionCode, DepartmentId, UnitId);
}

/// <summary>What the workflow needs to know of a set to decide who may act on it.</summary>
public sealed record SetFacts(string Status, string RegionCode, string DepartmentId, string? UnitId);
