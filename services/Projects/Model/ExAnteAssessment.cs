using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Model;

/// <summary>
/// The 事前绩效评估 of a project whose region's rule triggered at submission: who assessed it, the pass mark in force
/// then, the five dimension scores, and the outcome.
/// </summary>
public sealed class ExAnteAssessment : IRegionScoped
{
    public Guid ProjectId { get; set; }

    public required string RegionCode { get; set; }

    /// <summary>finance, expert or agency (<see cref="Platform.Contracts.Projects.ExAnteAssessorKinds"/>).</summary>
    public string? AssessorKind { get; set; }

    public string? AssessorName { get; set; }

    /// <summary>The agency engagement (or expert panel) reference when not finance staff's own assessment.</summary>
    public string? EngagementRef { get; set; }

    /// <summary>The region's pass mark when the project was submitted: a later rule change does not move the bar.</summary>
    public decimal PassMark { get; set; }

    public string? Outcome { get; set; }

    public string? Conclusion { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public uint Version { get; set; }

    public List<ExAnteScore> Scores { get; set; } = [];
}

/// <summary>One dimension's points with the assessor's comment and evidence.</summary>
public sealed class ExAnteScore : IRegionScoped
{
    public Guid ProjectId { get; set; }

    public required string Dimension { get; set; }

    public required string RegionCode { get; set; }

    public decimal MaxPoints { get; set; }

    public decimal? Points { get; set; }

    public string? Comment { get; set; }

    public string? Evidence { get; set; }
}
