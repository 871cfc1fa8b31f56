using Platform.Contracts.Projects;
using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Model;

/// <summary>
/// A project in the 项目库, filed by a department or one of its units in a region. Besides what the filer entered it
/// keeps the facts the gate needs: the ex-ante outcome, whether the joint review is done (and its 审定), whether the
/// target set is approved (told by targets), and whether an evaluation result has blocked its budget for good.
/// </summary>
public sealed class Project : IRegionScoped
{
    public Guid Id { get; set; }

    public required string Code { get; set; }

    public int Year { get; set; }

    public required string RegionCode { get; set; }

    /// <summary>The region's name as the filer's token carried it, for lists and reports.</summary>
    public required string RegionName { get; set; }

    public required string DepartmentId { get; set; }

    public required string DepartmentName { get; set; }

    public string? UnitId { get; set; }

    public string? UnitName { get; set; }

    public required string Name { get; set; }

    public required string Kind { get; set; }

    public bool IsNew { get; set; }

    public required string FundingSource { get; set; }

    /// <summary>送审金额 (元).</summary>
    public decimal RequestedAmount { get; set; }

    /// <summary>审定金额 (元), once the review batch is closed.</summary>
    public decimal? ApprovedAmount { get; set; }

    public int StartYear { get; set; }

    public int EndYear { get; set; }

    public string? Description { get; set; }

    public string? ContactName { get; set; }

    public string? ContactPhone { get; set; }

    public List<AttachmentDto> Attachments { get; set; } = [];

    public string Status { get; set; } = ProjectStates.Draft;

    public bool ExAnteRequired { get; set; }

    public string? ExAnteOutcome { get; set; }

    /// <summary>The joint review is done (its batch closed with this project decided).</summary>
    public bool ReviewDone { get; set; }

    public Guid? TargetSetId { get; set; }

    public string? TargetSetStatus { get; set; }

    public bool TargetSetApproved { get; set; }

    public DateTimeOffset? TargetSetApprovedAt { get; set; }

    /// <summary>Set for good by a CANCEL result application: the project can never be budgeted.</summary>
    public bool BudgetBlocked { get; set; }

    public string? BudgetBlockedReason { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's xmin: the optimistic concurrency token clients send back.</summary>
    public uint Version { get; set; }

    public decimal? ReductionAmount => ApprovedAmount is { } approved ? ReviewMath.Reduction(RequestedAmount, approved) : null;

    /// <summary>
    /// Whether the project may be admitted (入库) now: review done with something approved, target set approved, and in
    /// REVIEWING. Both facts may arrive in either order; whichever comes second admits.
    /// </summary>
    public bool IsReadyForAdmission =>
        Status == ProjectStates.Reviewing && ReviewDone && ApprovedAmount > 0 && TargetSetApproved;
}
