using Platform.Contracts.Projects;
using Platform.Projects.Infrastructure;
using Platform.Projects.Model;

namespace Platform.Projects.Apis;

/// <summary>Entities to the contract's records, by hand.</summary>
public static class ProjectMapping
{
    public static ProjectDto ToDto(this Project p) => new(
        p.Id,
        p.Code,
        p.Year,
        p.RegionCode,
        p.RegionName,
        p.DepartmentId,
        p.DepartmentName,
        p.UnitId,
        p.UnitName,
        p.Name,
        p.Kind,
        p.IsNew,
        p.FundingSource,
        p.RequestedAmount,
        p.ApprovedAmount,
        p.ReductionAmount,
        p.StartYear,
        p.EndYear,
        p.Description,
        p.ContactName,
        p.ContactPhone,
        p.Attachments,
        p.Status,
        p.ExAnteRequired,
        p.ExAnteOutcome,
        p.TargetSetId,
        p.TargetSetStatus,
        p.TargetSetApproved,
        p.BudgetBlocked,
        p.BudgetBlockedReason,
        p.Version,
        p.CreatedAt,
        p.UpdatedAt);

    public static ExAnteAssessmentDto ToDto(this ExAnteAssessment? assessment, Project project, decimal passMark)
    {
        var scores = ExAnteDimensions.All.Select(dimension =>
        {
            var score = assessment?.Scores.FirstOrDefault(s => s.Dimension == dimension);
            return new ExAnteScoreDto(dimension, ExAnteDimensions.DisplayName(dimension), ExAnteScoring.MaxPoints(dimension),
                score?.Points, score?.Comment, score?.Evidence);
        }).ToList();
        var total = ExAnteScoring.Total(scores.Select(s => s.Points));
        var mark = assessment?.PassMark ?? passMark;
        bool? passed = scores.All(s => s.Points is not null) ? ExAnteScoring.Passes(total, mark) : null;
        return new ExAnteAssessmentDto(
            project.Id,
            project.ExAnteRequired,
            assessment?.AssessorKind,
            assessment?.AssessorName,
            assessment?.EngagementRef,
            scores,
            total,
            mark,
            passed,
            assessment?.Outcome,
            assessment?.Conclusion,
            assessment?.CompletedAt,
            assessment?.Version ?? 0);
    }

    public static ProjectRulesDto ToDto(this EffectiveRules rules) => new(
        rules.RegionCode,
        rules.ExAnteRule.Threshold,
        rules.ExAnteRule.NewOnly,
        rules.ExAnteRule.Kinds,
        rules.ExAnteRule.FundingSources,
        rules.PassMark,
        rules.Inherited,
        rules.Version);

    public static ReviewTotalsDto ToDto(this ReviewTotals totals) =>
        new(totals.Count, totals.Requested, totals.Approved, totals.Reduction, totals.ReductionRate);

    public static ReviewItemDto ToDto(this ReviewItem item) => new(
        item.ProjectId,
        item.ProjectCode,
        item.ProjectName,
        item.DepartmentName,
        item.RegionCode,
        item.RequestedAmount,
        item.ApprovedAmount,
        item.ReductionAmount,
        item.Reason,
        item.Outcome);
}
