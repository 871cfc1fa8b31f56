using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Projects;
using Platform.Projects.Infrastructure;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Apis;

/// <summary>
/// Review reports: counts by outcome, Σ送审, Σ审定, Σ审减 and the weighted 审减率, by department and by the child
/// regions of the region asked for (province → cities → counties). Summed in SQL (GROUP BY), never in memory.
/// </summary>
public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/projects/reports").RequireAuthorization().WithTags("Reports");
        reports.MapGet("/review", GetReviewReport).RequireAuthorization(ProjectPolicies.ReadReviews)
            .WithName("GetReviewReport").WithSummary("预算评审统计")
            .WithDescription("For one batch (batchId: its decided items) or for a year (the closed batches' items), in regionCode and below (default: the caller's region).");
        return reports;
    }

    private sealed record Sums(string Key, string Name, int Count, decimal Requested, decimal Approved)
    {
        public ReviewTotalsDto Totals => ReviewTotals.Of(Count, Requested, Approved).ToDto();
    }

    public static async Task<Results<Ok<ReviewReportDto>, NotFound, ValidationProblem>> GetReviewReport(
        int? year, string? regionCode, Guid? batchId, Caller caller, ProjectsDb db, CancellationToken ct)
    {
        var region = regionCode ?? caller.RegionCode;
        var errors = new FieldErrors()
            .Must(region is not null && RegionCodes.IsWellFormed(region), "regionCode", "invalid_format", "区划代码应为6位数字")
            .Must(year is not null || batchId is not null, "year", "required", "年度不能为空")
            .Year("year", year);
        if (errors.HasErrors)
        {
            return errors.ToValidationProblem();
        }
        if (!caller.Covers(region))
        {
            return TypedResults.NotFound();
        }
        var items = db.ReviewItems.AsNoTracking().Where(i => i.ApprovedAmount != null);
        var reportYear = year ?? 0;
        if (batchId is { } id)
        {
            var batch = await db.ReviewBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
            if (batch is null)
            {
                return TypedResults.NotFound();
            }
            reportYear = batch.Year;
            items = items.Where(i => i.BatchId == id);
        }
        else
        {
            items = items.Where(i => i.Year == reportYear && i.BatchClosed);
        }
        var prefix = RegionCodes.ScopePrefix(region!);
        items = items.Where(i => i.RegionCode.StartsWith(prefix));

        var outcomes = await items.GroupBy(i => i.Outcome!)
            .Select(g => new { Outcome = g.Key, Count = g.Count() })
            .ToDictionaryAsync(o => o.Outcome, o => o.Count, ct);
        var departments = await items.GroupBy(i => i.DepartmentId)
            .Select(g => new Sums(g.Key, g.Max(i => i.DepartmentName)!, g.Count(), g.Sum(i => i.RequestedAmount), g.Sum(i => i.ApprovedAmount!.Value)))
            .ToListAsync(ct);
        var regions = RegionCodes.ChildPrefixLength(region!) == 4
            ? await items.GroupBy(i => i.RegionCode.Substring(0, 4) + "00")
                .Select(g => new Sums(g.Key, "", g.Count(), g.Sum(i => i.RequestedAmount), g.Sum(i => i.ApprovedAmount!.Value)))
                .ToListAsync(ct)
            : await items.GroupBy(i => i.RegionCode)
                .Select(g => new Sums(g.Key, g.Max(i => i.RegionName)!, g.Count(), g.Sum(i => i.RequestedAmount), g.Sum(i => i.ApprovedAmount!.Value)))
                .ToListAsync(ct);
        // Every item has one department: the grand totals are the departments' sums, not another scan.
        var totals = new Sums("", "", departments.Sum(d => d.Count), departments.Sum(d => d.Requested), departments.Sum(d => d.Approved));
        var names = await RegionNamesAsync(db, caller, [region!, .. regions.Where(r => r.Name.Length == 0).Select(r => r.Key)], ct);

        return TypedResults.Ok(new ReviewReportDto(
            region!,
            names.GetValueOrDefault(region!, region!),
            reportYear,
            totals.Totals,
            ReviewOutcomes.All.Select(o => new ReviewOutcomeCountDto(o, outcomes.GetValueOrDefault(o))).ToList(),
            departments.OrderByDescending(d => d.Requested).ThenBy(d => d.Key)
                .Select(d => new ReviewGroupDto(d.Key, d.Name, d.Totals)).ToList(),
            regions.OrderBy(r => r.Key)
                .Select(r => new ReviewGroupDto(r.Key, r.Name.Length > 0 ? r.Name : names.GetValueOrDefault(r.Key, r.Key), r.Totals)).ToList()));
    }

    /// <summary>
    /// Region names as the projects filed there carry them (the filer's token), plus the caller's own; a region with
    /// no project of its own keeps its code.
    /// </summary>
    private static async Task<Dictionary<string, string>> RegionNamesAsync(ProjectsDb db, Caller caller, IReadOnlyList<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        var names = await db.Projects.AsNoTracking().Where(p => wanted.Contains(p.RegionCode))
            .GroupBy(p => p.RegionCode)
            .Select(g => new { Code = g.Key, Name = g.Max(p => p.RegionName) })
            .ToDictionaryAsync(n => n.Code, n => n.Name!, ct);
        if (caller.RegionCode is { } own && caller.RegionName is { } ownName)
        {
            names[own] = ownName;
        }
        return names;
    }
}
