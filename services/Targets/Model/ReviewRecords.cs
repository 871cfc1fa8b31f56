using Platform.ServiceDefaults.Scope;

namespace Platform.Targets.Model;

/// <summary>A reviewer's comment on one indicator (or on the whole set when <see cref="IndicatorId"/> is null).</summary>
public sealed class ReviewComment
{
    public Guid Id { get; set; }

    public Guid SetId { get; set; }

    public Guid? IndicatorId { get; set; }

    /// <summary>The revision the comment was made on.</summary>
    public int Revision { get; set; }

    /// <summary>The review stage (<see cref="TargetSetWorkflow"/>: department, business, performance).</summary>
    public required string Stage { get; set; }

    public required string Comment { get; set; }

    public required string ReviewerId { get; set; }

    public required string ReviewerName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An earlier revision or version of a set as it was when it was left behind (rejected or adjusted).</summary>
public sealed class TargetSetRevision : IRegionScoped
{
    public Guid Id { get; set; }

    public Guid SetId { get; set; }

    public Guid LineageId { get; set; }

    public required string RegionCode { get; set; }

    public int SetVersion { get; set; }

    public int Revision { get; set; }

    public required string Status { get; set; }

    public string? Reason { get; set; }

    /// <summary>The set as a TargetSetDto JSON document.</summary>
    public required string Snapshot { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
