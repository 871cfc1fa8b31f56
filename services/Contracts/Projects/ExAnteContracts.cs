namespace Platform.Contracts.Projects;

/// <summary>GET /api/projects/{id}/ex-ante: the 事前绩效评估 of a project, its scores and outcome.</summary>
public sealed record ExAnteAssessmentDto(
    Guid ProjectId,
    bool Required,
    string? AssessorKind,
    string? AssessorName,
    string? EngagementRef,
    IReadOnlyList<ExAnteScoreDto> Scores,
    decimal Total,
    decimal PassMark,
    bool? Passed,
    string? Outcome,
    string? Conclusion,
    DateTimeOffset? CompletedAt,
    uint Version);

/// <summary>One dimension of the scoring form (<see cref="ExAnteDimensions"/>).</summary>
public sealed record ExAnteScoreDto(
    string Dimension,
    string DimensionName,
    decimal MaxPoints,
    decimal? Points,
    string? Comment,
    string? Evidence);

/// <summary>PUT /api/projects/{id}/ex-ante: the scores so far (only in PRE_ASSESSING).</summary>
public sealed record SaveExAnteRequest(IReadOnlyList<ExAnteScoreDto>? Scores, string? AssessorKind, string? EngagementRef, uint? Version);

/// <summary>POST /api/projects/{id}/ex-ante/complete: the outcome (<see cref="ExAnteOutcomes"/>) and conclusion.</summary>
public sealed record CompleteExAnteRequest(string? Outcome, string? Conclusion, uint? Version);

/// <summary>The five dimensions of the common ex-ante scheme.</summary>
public static class ExAnteDimensions
{
    public const string Necessity = "necessity";
    public const string Economy = "economy";
    public const string Targets = "targets";
    public const string Feasibility = "feasibility";
    public const string Compliance = "compliance";

    public static readonly IReadOnlyList<string> All = [Necessity, Economy, Targets, Feasibility, Compliance];

    public static string DisplayName(string dimension) => dimension switch
    {
        Necessity => "立项必要性",
        Economy => "投入经济性",
        Targets => "绩效目标合理性",
        Feasibility => "实施方案可行性",
        Compliance => "筹资合规性",
        _ => dimension,
    };
}

/// <summary>Outcomes of an ex-ante assessment: 予以支持, 调整后支持, 不予支持, 退回 (实施条件不成熟).</summary>
public static class ExAnteOutcomes
{
    public const string Supported = "SUPPORTED";
    public const string SupportedAfterAdjustment = "SUPPORTED_AFTER_ADJUSTMENT";
    public const string NotSupported = "NOT_SUPPORTED";
    public const string Returned = "RETURNED";

    public static readonly IReadOnlyList<string> All = [Supported, SupportedAfterAdjustment, NotSupported, Returned];

    public static string DisplayName(string outcome) => outcome switch
    {
        Supported => "予以支持",
        SupportedAfterAdjustment => "调整后支持",
        NotSupported => "不予支持",
        Returned => "退回（实施条件不成熟）",
        _ => outcome,
    };
}

/// <summary>Who carried out an ex-ante assessment.</summary>
public static class ExAnteAssessorKinds
{
    public const string Finance = "finance";
    public const string Expert = "expert";
    public const string Agency = "agency";

    public static readonly IReadOnlyList<string> All = [Finance, Expert, Agency];

    public static string DisplayName(string kind) => kind switch
    {
        Finance => "财政部门",
        Expert => "评审专家",
        Agency => "第三方机构",
        _ => kind,
    };
}

/// <summary>GET/PUT /api/projects/rules/{regionCode}: a region's ex-ante trigger and pass mark.</summary>
public sealed record ProjectRulesDto(
    string RegionCode,
    decimal ExAnteThreshold,
    bool ExAnteNewOnly,
    IReadOnlyList<string> ExAnteKinds,
    IReadOnlyList<string> ExAnteFundingSources,
    decimal PassMark,
    bool Inherited,
    uint Version);
