using Platform.Contracts.Projects;

namespace Platform.Projects.Model;

/// <summary>
/// When a region requires 事前绩效评估: a project at or above <see cref="Threshold"/> 元 (boundary included: "以上"
/// includes the number), new only unless the region says otherwise, of one of <see cref="Kinds"/>, financed from one of
/// <see cref="FundingSources"/> (empty = any).
/// </summary>
public sealed record ExAnteRule(decimal Threshold, bool NewOnly, IReadOnlyList<string> Kinds, IReadOnlyList<string> FundingSources)
{
    /// <summary>The default where no public number exists for a region (one city's 300万元, new projects, 项目 and 政策).</summary>
    public static ExAnteRule Default { get; } = new(3_000_000.00m, true, [ProjectKinds.Project, ProjectKinds.Policy], []);

    public bool Triggers(bool isNew, string kind, string fundingSource, decimal requestedAmount) =>
        (!NewOnly || isNew)
        && Kinds.Contains(kind, StringComparer.Ordinal)
        && (FundingSources.Count == 0 || FundingSources.Contains(fundingSource, StringComparer.Ordinal))
        && requestedAmount >= Threshold;

    /// <summary>Why the rule applies, for the audit comment of the submission.</summary>
    public string Explain() =>
        $"按本区划规则需开展事前绩效评估（{(NewOnly ? "新增" : "")}{string.Join("、", Kinds.Select(ProjectKinds.DisplayName))}，"
        + $"送审金额≥{Money.FormatWan(Threshold)}{(FundingSources.Count == 0 ? "" : "，资金来源为" + string.Join("、", FundingSources))}）";
}
