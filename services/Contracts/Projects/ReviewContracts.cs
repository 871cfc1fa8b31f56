namespace Platform.Contracts.Projects;

/// <summary>A joint budget review batch (预算评审) with its totals; <see cref="ReductionRate"/> 0.2000 = 20.00 %.</summary>
public sealed record ReviewBatchDto(
    Guid Id,
    string Name,
    int Year,
    string RegionCode,
    string Status,
    int ProjectCount,
    decimal Requested,
    decimal Approved,
    decimal Reduction,
    decimal? ReductionRate,
    uint Version);

public sealed record ReviewBatchDetailDto(ReviewBatchDto Batch, IReadOnlyList<ReviewItemDto> Items);

/// <summary>A project in a batch: 送审, 审定, 审减 and the outcome (<see cref="ReviewOutcomes"/>).</summary>
public sealed record ReviewItemDto(
    Guid ProjectId,
    string ProjectCode,
    string ProjectName,
    string DepartmentName,
    string RegionCode,
    decimal RequestedAmount,
    decimal? ApprovedAmount,
    decimal? ReductionAmount,
    string? Reason,
    string? Outcome);

/// <summary>POST /api/projects/review-batches.</summary>
public sealed record CreateReviewBatchRequest(string? Name, int? Year);

/// <summary>POST /api/projects/review-batches/{id}/items.</summary>
public sealed record AddReviewItemsRequest(IReadOnlyList<Guid>? ProjectIds);

/// <summary>PUT /api/projects/review-batches/{id}/items/{projectId}: 审定金额 and, when below 送审, the reason.</summary>
public sealed record DecideReviewItemRequest(decimal? ApprovedAmount, string? Reason);

/// <summary>POST /api/projects/review-batches/{id}/close (the version is optional).</summary>
public sealed record CloseReviewBatchRequest(uint? Version);

public static class ReviewBatchStates
{
    public const string Open = "OPEN";
    public const string Closed = "CLOSED";

    public static readonly IReadOnlyList<string> All = [Open, Closed];

    public static string DisplayName(string state) => state switch
    {
        Open => "评审中",
        Closed => "已完成",
        _ => state,
    };
}

/// <summary>Outcome of one project's review: 审定 = 送审, 0 &lt; 审定 &lt; 送审, 审定 = 0.</summary>
public static class ReviewOutcomes
{
    public const string Supported = "SUPPORTED";
    public const string Reduced = "REDUCED";
    public const string NotSupported = "NOT_SUPPORTED";

    public static readonly IReadOnlyList<string> All = [Supported, Reduced, NotSupported];

    public static string DisplayName(string outcome) => outcome switch
    {
        Supported => "全额支持",
        Reduced => "核减",
        NotSupported => "不予支持",
        _ => outcome,
    };
}

/// <summary>GET /api/projects/reports/review: totals, outcomes, by department and by child region.</summary>
public sealed record ReviewReportDto(
    string RegionCode,
    string RegionName,
    int Year,
    ReviewTotalsDto Totals,
    IReadOnlyList<ReviewOutcomeCountDto> ByOutcome,
    IReadOnlyList<ReviewGroupDto> ByDepartment,
    IReadOnlyList<ReviewGroupDto> ByRegion);

/// <summary>Σ送审, Σ审定, Σ审减 and the weighted 审减率 Σ审减/Σ送审 (null when Σ送审 = 0).</summary>
public sealed record ReviewTotalsDto(int Count, decimal Requested, decimal Approved, decimal Reduction, decimal? ReductionRate);

public sealed record ReviewGroupDto(string Key, string Name, ReviewTotalsDto Totals);

public sealed record ReviewOutcomeCountDto(string Outcome, int Count);
