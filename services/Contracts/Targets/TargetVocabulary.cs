namespace Platform.Contracts.Targets;

/// <summary>States of a target set (绩效目标表), with the names users read.</summary>
public static class TargetSetStates
{
    public const string Draft = "DRAFT";
    public const string Submitted = "SUBMITTED";
    public const string DeptReviewed = "DEPT_REVIEWED";
    public const string FinReview = "FIN_REVIEW";
    public const string Approved = "APPROVED";
    public const string Issued = "ISSUED";
    public const string Published = "PUBLISHED";
    public const string Active = "ACTIVE";
    public const string Adjusting = "ADJUSTING";
    public const string Closed = "CLOSED";

    public static readonly IReadOnlyList<string> All =
        [Draft, Submitted, DeptReviewed, FinReview, Approved, Issued, Published, Active, Adjusting, Closed];

    /// <summary>Approved or later: the set counts as approved for admission, templates and the 人大 package.</summary>
    public static readonly IReadOnlyList<string> ApprovedOrLater = [Approved, Issued, Published, Active];

    public static string DisplayName(string state) => state switch
    {
        Draft => "草稿",
        Submitted => "已提交（待主管部门审核）",
        DeptReviewed => "主管部门已审核（待业务科室审核）",
        FinReview => "业务科室已审核（待绩效科审核）",
        Approved => "审核通过",
        Issued => "已批复",
        Published => "已公开",
        Active => "执行中",
        Adjusting => "调整中",
        Closed => "已关闭",
        _ => state,
    };
}

/// <summary>What a target set belongs to: a project, a policy, or a whole department (部门整体).</summary>
public static class TargetOwnerTypes
{
    public const string Project = "project";
    public const string Policy = "policy";
    public const string Department = "department";

    public static readonly IReadOnlyList<string> All = [Project, Policy, Department];

    public static string DisplayName(string ownerType) => ownerType switch
    {
        Project => "项目",
        Policy => "政策",
        Department => "部门整体",
        _ => ownerType,
    };
}

/// <summary>定量 or 定性.</summary>
public static class IndicatorValueKinds
{
    public const string Quantitative = "quantitative";
    public const string Qualitative = "qualitative";

    public static readonly IReadOnlyList<string> All = [Quantitative, Qualitative];

    public static string DisplayName(string kind) => kind switch
    {
        Quantitative => "定量",
        Qualitative => "定性",
        _ => kind,
    };
}

/// <summary>Comparators of a quantitative indicator (=, ≥, ≤, >, &lt;), written in ASCII on the wire.</summary>
public static class IndicatorComparators
{
    public const string Equal = "=";
    public const string AtLeast = ">=";
    public const string AtMost = "<=";
    public const string Above = ">";
    public const string Below = "<";

    public static readonly IReadOnlyList<string> All = [Equal, AtLeast, AtMost, Above, Below];

    public static string DisplayName(string comparator) => comparator switch
    {
        AtLeast => "≥",
        AtMost => "≤",
        _ => comparator,
    };
}

/// <summary>正向 (more is better) or 反向 (less is better).</summary>
public static class IndicatorDirections
{
    public const string Positive = "positive";
    public const string Negative = "negative";

    public static readonly IReadOnlyList<string> All = [Positive, Negative];

    public static string DisplayName(string direction) => direction switch
    {
        Positive => "正向",
        Negative => "反向",
        _ => direction,
    };
}

/// <summary>The 一级 and 二级 levels of the indicator tree (财预〔2021〕101号 style), by code, with Chinese names.</summary>
public static class IndicatorLevels
{
    public const string Output = "output";
    public const string Benefit = "benefit";
    public const string Satisfaction = "satisfaction";
    public const string Cost = "cost";

    public static readonly IReadOnlyList<string> Level1 = [Output, Benefit, Satisfaction, Cost];

    /// <summary>Level2 codes allowed under each level1 code.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Level2 = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Output] = ["quantity", "quality", "timeliness", "cost"],
        [Benefit] = ["economic", "social", "ecological", "sustainable"],
        [Satisfaction] = ["beneficiary"],
        [Cost] = ["economic", "social", "ecological"],
    };

    public static bool IsLevel1(string? code) => code is not null && Level2.ContainsKey(code);

    public static bool IsLevel2(string? level1, string? level2) =>
        level1 is not null && level2 is not null && Level2.TryGetValue(level1, out var allowed) && allowed.Contains(level2);

    public static string Level1Name(string code) => code switch
    {
        Output => "产出指标",
        Benefit => "效益指标",
        Satisfaction => "满意度指标",
        Cost => "成本指标",
        _ => code,
    };

    public static string Level2Name(string level1, string level2) => (level1, level2) switch
    {
        (Output, "quantity") => "数量指标",
        (Output, "quality") => "质量指标",
        (Output, "timeliness") => "时效指标",
        (Output, "cost") => "成本指标",
        (Benefit, "economic") => "经济效益指标",
        (Benefit, "social") => "社会效益指标",
        (Benefit, "ecological") => "生态效益指标",
        (Benefit, "sustainable") => "可持续影响指标",
        (Satisfaction, "beneficiary") => "服务对象满意度指标",
        (Cost, "economic") => "经济成本指标",
        (Cost, "social") => "社会成本指标",
        (Cost, "ecological") => "生态环境成本指标",
        _ => level2,
    };

    /// <summary>The level1 code of a Chinese name as an import file writes it (产出, 产出指标) or of a code; null when unknown.</summary>
    public static string? Level1FromName(string? name) =>
        name is not null && Level1Names.TryGetValue(name.Trim(), out var code) ? code : null;

    /// <summary>The level2 code under <paramref name="level1"/> of a Chinese name (数量, 数量指标, 经济效益, 经济 …) or of a code; null when unknown.</summary>
    public static string? Level2FromName(string level1, string? name) =>
        name is not null && Level2Names.TryGetValue((level1, name.Trim()), out var code) ? code : null;

    // Every spelling an import may use: the code, the full name, the name without 指标, and for 效益/成本 the bare
    // 经济/社会/生态.
    private static readonly Dictionary<string, string> Level1Names = Level1
        .SelectMany(code => new[] { (code, code), (Level1Name(code), code), (Level1Name(code).Replace("指标", "", StringComparison.Ordinal), code) })
        .DistinctBy(pair => pair.Item1)
        .ToDictionary(pair => pair.Item1, pair => pair.Item2, StringComparer.Ordinal);

    private static readonly Dictionary<(string, string), string> Level2Names = Level2
        .SelectMany(level => level.Value.SelectMany(code =>
        {
            var name = Level2Name(level.Key, code);
            var bare = name.Replace("指标", "", StringComparison.Ordinal);
            var shortest = bare.Replace("效益", "", StringComparison.Ordinal).Replace("环境成本", "", StringComparison.Ordinal).Replace("成本", "", StringComparison.Ordinal);
            return new[] { code, name, bare, shortest }.Where(spelling => spelling.Length > 0).Select(spelling => ((level.Key, spelling), code));
        }))
        .DistinctBy(pair => pair.Item1)
        .ToDictionary(pair => pair.Item1, pair => pair.code);
}

/// <summary>States of an indicator library entry.</summary>
public static class LibraryEntryStates
{
    public const string Draft = "DRAFT";
    public const string DeptConfirmed = "DEPT_CONFIRMED";
    public const string ExpertApproved = "EXPERT_APPROVED";
    public const string Published = "PUBLISHED";
    public const string Retired = "RETIRED";

    public static readonly IReadOnlyList<string> All = [Draft, DeptConfirmed, ExpertApproved, Published, Retired];

    public static string DisplayName(string state) => state switch
    {
        Draft => "草稿",
        DeptConfirmed => "部门已确认",
        ExpertApproved => "专家已审定",
        Published => "已发布",
        Retired => "已停用",
        _ => state,
    };
}

/// <summary>共性 (common) or 个性 (specific) library entries.</summary>
public static class LibraryScopes
{
    public const string Common = "common";
    public const string Specific = "specific";

    public static readonly IReadOnlyList<string> All = [Common, Specific];

    public static string DisplayName(string scope) => scope switch
    {
        Common => "共性指标",
        Specific => "个性指标",
        _ => scope,
    };
}

/// <summary>Review decisions and the stage names comments carry.</summary>
public static class ReviewDecisions
{
    public const string Approve = "approve";
    public const string Reject = "reject";

    public static readonly IReadOnlyList<string> All = [Approve, Reject];
}
