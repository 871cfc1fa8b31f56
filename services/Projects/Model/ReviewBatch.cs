using Platform.Contracts.Projects;
using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Model;

/// <summary>A joint budget review batch (预算评审) of finance staff in a region; its items are projects at or below it.</summary>
public sealed class ReviewBatch : IRegionScoped
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public int Year { get; set; }

    public required string RegionCode { get; set; }

    public string Status { get; set; } = ReviewBatchStates.Open;

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public uint Version { get; set; }
}

/// <summary>
/// A project under review in a batch: 送审 as submitted, 审定 with the reason for any cut. The project's department,
/// region and name are copied in so batch lists and reports group one table (the project is frozen while reviewed).
/// </summary>
public sealed class ReviewItem : IRegionScoped
{
    public Guid BatchId { get; set; }

    public Guid ProjectId { get; set; }

    public int Year { get; set; }

    public required string RegionCode { get; set; }

    public required string RegionName { get; set; }

    public required string DepartmentId { get; set; }

    public required string DepartmentName { get; set; }

    public required string ProjectCode { get; set; }

    public required string ProjectName { get; set; }

    public decimal RequestedAmount { get; set; }

    public decimal? ApprovedAmount { get; set; }

    public string? Reason { get; set; }

    public string? Outcome { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }

    /// <summary>The batch is closed: the item counts in period reports, and the project may be reviewed again elsewhere.</summary>
    public bool BatchClosed { get; set; }

    public decimal? ReductionAmount => ApprovedAmount is { } approved ? ReviewMath.Reduction(RequestedAmount, approved) : null;
}
