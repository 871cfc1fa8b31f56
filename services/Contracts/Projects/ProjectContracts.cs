namespace Platform.Contracts.Projects;

// The projects service's API (/api/projects): the 项目库 as the portal and other services see it. JSON is camelCase
// (ApiJson.Options); money in 元 (decimal); states and kinds as the strings in ProjectStates / ProjectKinds.

/// <summary>A project in the 项目库: what the filer entered, where it stands, and the review and admission facts.</summary>
public sealed record ProjectDto(
    Guid Id,
    string Code,
    int Year,
    string RegionCode,
    string RegionName,
    string DepartmentId,
    string DepartmentName,
    string? UnitId,
    string? UnitName,
    string Name,
    string Kind,
    bool IsNew,
    string FundingSource,
    decimal RequestedAmount,
    decimal? ApprovedAmount,
    decimal? ReductionAmount,
    int StartYear,
    int EndYear,
    string? Description,
    string? ContactName,
    string? ContactPhone,
    IReadOnlyList<AttachmentDto> Attachments,
    string Status,
    bool ExAnteRequired,
    string? ExAnteOutcome,
    Guid? TargetSetId,
    string? TargetSetStatus,
    bool TargetSetApproved,
    bool BudgetBlocked,
    string? BudgetBlockedReason,
    uint Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Metadata of an attached document (the file itself lives elsewhere).</summary>
public sealed record AttachmentDto(string Name, long SizeBytes, string ContentType, string? Description);

/// <summary>POST /api/projects and PUT /api/projects/{id}; <see cref="Version"/> is required on PUT.</summary>
public sealed record SaveProjectRequest(
    int? Year,
    string? Name,
    string? Kind,
    bool? IsNew,
    string? FundingSource,
    decimal? RequestedAmount,
    int? StartYear,
    int? EndYear,
    string? Description,
    string? ContactName,
    string? ContactPhone,
    IReadOnlyList<AttachmentDto>? Attachments,
    uint? Version);

/// <summary>Body of a state transition (submit, return, budget, approve): an optional comment and the version read.</summary>
public sealed record TransitionRequest(string? Comment, uint? Version);

/// <summary>One step of a project's audit trail (全过程留痕).</summary>
public sealed record ProjectHistoryEntryDto(string? FromState, string ToState, string? Comment, string ActorName, DateTimeOffset OccurredAt);

/// <summary>Project states (DOMAIN.md lifecycle).</summary>
public static class ProjectStates
{
    public const string Draft = "DRAFT";
    public const string Submitted = "SUBMITTED";
    public const string PreAssessing = "PRE_ASSESSING";
    public const string Reviewing = "REVIEWING";
    public const string Reserved = "RESERVED";
    public const string Budgeted = "BUDGETED";
    public const string Approved = "APPROVED";
    public const string Executing = "EXECUTING";
    public const string Completed = "COMPLETED";
    public const string Evaluated = "EVALUATED";
    public const string Returned = "RETURNED";
    public const string NotSupported = "NOT_SUPPORTED";
    public const string Suspended = "SUSPENDED";
    public const string Terminated = "TERMINATED";
    public const string Adjusted = "ADJUSTED";

    public static readonly IReadOnlyList<string> All =
    [
        Draft, Submitted, PreAssessing, Reviewing, Reserved, Budgeted, Approved, Executing, Completed, Evaluated,
        Returned, NotSupported, Suspended, Terminated, Adjusted,
    ];

    public static string DisplayName(string state) => state switch
    {
        Draft => "草稿",
        Submitted => "已提交",
        PreAssessing => "事前评估中",
        Reviewing => "评审中",
        Reserved => "已入库",
        Budgeted => "已纳入预算",
        Approved => "已批复",
        Executing => "执行中",
        Completed => "已完成",
        Evaluated => "已评价",
        Returned => "已退回",
        NotSupported => "不予支持",
        Suspended => "已暂停",
        Terminated => "已终止",
        Adjusted => "已调整",
        _ => state,
    };
}

/// <summary>Kinds of project: 项目, 政策, 部门整体.</summary>
public static class ProjectKinds
{
    public const string Project = "project";
    public const string Policy = "policy";
    public const string Department = "department";

    public static readonly IReadOnlyList<string> All = [Project, Policy, Department];

    public static string DisplayName(string kind) => kind switch
    {
        Project => "项目",
        Policy => "政策",
        Department => "部门整体",
        _ => kind,
    };

    /// <summary>The kind of a Chinese name as the import file writes it; null when unknown.</summary>
    public static string? FromDisplayName(string? name) => name?.Trim() switch
    {
        "项目" => Project,
        "政策" => Policy,
        "部门整体" => Department,
        _ => null,
    };
}
