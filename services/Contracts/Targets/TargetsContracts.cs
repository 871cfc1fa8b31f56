namespace Platform.Contracts.Targets;

// The targets service's API (/api/targets/...): target sets (绩效目标表) with their indicators, the review chain, the
// indicator library (指标库), templates (精品样本) and the public view. JSON is camelCase (ApiJson.Options); money in 元.

/// <summary>A target set with its indicators, as the editor and the review screens show it.</summary>
public sealed record TargetSetDto(
    Guid Id,
    string OwnerType,
    Guid? ProjectId,
    string OwnerName,
    int Year,
    string RegionCode,
    string RegionName,
    string DepartmentId,
    string DepartmentName,
    string? UnitId,
    string? UnitName,
    decimal? Amount,
    string? OverallGoal,
    int SetVersion,
    int Revision,
    string Status,
    bool IsKey,
    IReadOnlyList<IndicatorDto> Indicators,
    decimal TotalPoints,
    uint Version,
    DateTimeOffset UpdatedAt);

/// <summary>A row of the review list and the review queue.</summary>
public sealed record TargetSetSummaryDto(
    Guid Id,
    string OwnerType,
    Guid? ProjectId,
    string OwnerName,
    int Year,
    string RegionCode,
    string DepartmentName,
    string? UnitName,
    decimal? Amount,
    int SetVersion,
    int Revision,
    string Status,
    bool IsKey,
    int IndicatorCount,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt,
    uint Version);

/// <summary>
/// One 三级 indicator under its 一级 (<see cref="IndicatorLevels"/> level1 code) and 二级 (level2 code). Quantitative:
/// comparator, target value and unit; qualitative: scoring bands. <see cref="Comments"/> are the reviewers' comments
/// (absent on public views).
/// </summary>
public sealed record IndicatorDto(
    Guid? Id,
    string Level1,
    string Level2,
    string Name,
    string ValueKind,
    string? Comparator,
    decimal? TargetValue,
    string? Unit,
    string Direction,
    string? Explanation,
    string? DataSource,
    decimal Points,
    IReadOnlyList<ScoringBandDto>? Bands,
    Guid? LibraryEntryId,
    IReadOnlyList<ReviewCommentDto>? Comments);

/// <summary>A qualitative indicator's band: the share of its points (0..1) given for the label (达成/部分达成/未达成).</summary>
public sealed record ScoringBandDto(string Label, decimal MinRatio, decimal MaxRatio);

/// <summary>POST /api/targets/sets and PUT /api/targets/sets/{id} (version required on PUT).</summary>
public sealed record SaveTargetSetRequest(
    string? OwnerType,
    Guid? ProjectId,
    string? OwnerName,
    int? Year,
    decimal? Amount,
    string? OverallGoal,
    bool? IsKey,
    IReadOnlyList<IndicatorDto>? Indicators,
    uint? Version);

/// <summary>POST /api/targets/sets/{id}/review: approve or reject (reason required) at the set's current stage.</summary>
public sealed record ReviewDecisionRequest(
    string? Decision,
    string? Reason,
    IReadOnlyList<IndicatorCommentRequest>? Comments,
    uint? Version);

public sealed record IndicatorCommentRequest(Guid IndicatorId, string Comment);

/// <summary>A reviewer's comment on an indicator, kept with the indicator into later revisions.</summary>
public sealed record ReviewCommentDto(string Stage, string Comment, string ReviewerName, DateTimeOffset At);

/// <summary>POST /api/targets/sets/{id}/submit, /issue, /publish, /adjust: the version the caller saw and an optional comment.</summary>
public sealed record TargetSetTransitionRequest(string? Comment, uint? Version);

/// <summary>POST /api/targets/sets/bulk-review: at most 1,000 ids, one decision.</summary>
public sealed record BulkReviewRequest(IReadOnlyList<Guid>? Ids, string? Decision, string? Reason);

public sealed record BulkReviewResultDto(int Succeeded, IReadOnlyList<BulkReviewFailureDto> Failed);

public sealed record BulkReviewFailureDto(Guid Id, string Code, string Message);

/// <summary>One step of a set's history (全过程留痕).</summary>
public sealed record TargetSetHistoryEntryDto(string? FromState, string ToState, string? Comment, string ActorName, DateTimeOffset OccurredAt);

/// <summary>
/// An earlier revision (rejected) or version (adjusted) of a set, frozen as it was, with the reason it was left
/// behind (the rejection reason, or the adjustment).
/// </summary>
public sealed record TargetSetRevisionDto(
    Guid Id,
    Guid SetId,
    int SetVersion,
    int Revision,
    string Status,
    string? Reason,
    TargetSetDto Snapshot,
    DateTimeOffset CreatedAt);

/// <summary>An entry of the indicator library (指标库).</summary>
public sealed record LibraryEntryDto(
    Guid Id,
    string Code,
    string Scope,
    string? Sector,
    string? DepartmentId,
    string? DepartmentName,
    string Level1,
    string Level2,
    string Name,
    string ValueKind,
    string? Comparator,
    decimal? ReferenceValue,
    string? Unit,
    string Direction,
    string? Explanation,
    string? Source,
    string? Attribute,
    int EntryVersion,
    string Status,
    string RegionCode,
    uint Version);

/// <summary>
/// POST /api/targets/library and PUT /api/targets/library/{id} (version required on PUT). A 个性 entry belongs to a
/// department (a department filer's own; finance staff name it) or at least a sector.
/// </summary>
public sealed record SaveLibraryEntryRequest(
    string? Scope,
    string? Sector,
    string? DepartmentId,
    string? DepartmentName,
    string? Level1,
    string? Level2,
    string? Name,
    string? ValueKind,
    string? Comparator,
    decimal? ReferenceValue,
    string? Unit,
    string? Direction,
    string? Explanation,
    string? Source,
    string? Attribute,
    uint? Version);

/// <summary>POST /api/targets/library/{id}/advance and /retire.</summary>
public sealed record LibraryTransitionRequest(string? Comment, uint? Version);

/// <summary>A template (精品样本) made from an approved set.</summary>
public sealed record TemplateDto(
    Guid Id,
    string Name,
    string OwnerType,
    string? Sector,
    Guid SourceSetId,
    IReadOnlyList<IndicatorDto> Indicators,
    string RegionCode,
    DateTimeOffset CreatedAt);

/// <summary>POST /api/targets/templates.</summary>
public sealed record CreateTemplateRequest(string? Name, Guid? SourceSetId, string? Sector);

/// <summary>POST /api/targets/sets/{id}/apply-template.</summary>
public sealed record ApplyTemplateRequest(Guid? TemplateId, uint? Version);

/// <summary>The 重点 targets of a year and region, reported to 人大 with the draft budget.</summary>
public sealed record KeyPackageDto(int Year, string RegionCode, string RegionName, IReadOnlyList<TargetSetDto> Sets, decimal TotalAmount);
