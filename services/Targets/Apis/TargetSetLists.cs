using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Common;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Problems;
using Platform.Targets.Infrastructure;
using Platform.Targets.Model;

namespace Platform.Targets.Apis;

/// <summary>The filters of the review list, the review queue and the public list (query string).</summary>
public sealed record SetListQuery(
    int? Year,
    string? Status,
    string? OwnerType,
    string? DepartmentId,
    string? RegionCode,
    bool? IsKey,
    string? Q,
    int? Page,
    int? PageSize,
    string? Sort);

/// <summary>
/// Filtering, sorting and paging of target-set lists. The list query reads only target_sets (the indicator count is
/// kept on the row), filtered on the columns of ix_target_sets_review / ix_target_sets_department, and counts on the
/// same filter only when the page does not already tell the total; a page is fetched with OFFSET (pages beyond a few
/// hundred are not a use case of the review screens).
/// </summary>
public static class TargetSetLists
{
    public static readonly IReadOnlyList<string> Sorts = ["updatedAt", "submittedAt", "amount", "ownerName", "year"];

    public static FieldErrors Check(SetListQuery query, FieldErrors errors)
    {
        if (query.Status is { Length: > 0 } status && status.Split(',').Any(s => !TargetSetStates.All.Contains(s.Trim())))
        {
            errors.Add("status", "invalid_status", $"状态只能是：{string.Join("、", TargetSetStates.All)}");
        }
        if (query.OwnerType is { Length: > 0 } ownerType && !TargetOwnerTypes.All.Contains(ownerType))
        {
            errors.Add("ownerType", "invalid_owner_type", "归属类型只能是 project（项目）、policy（政策）或 department（部门整体）");
        }
        errors.Must(query.Year is null or (>= 2000 and <= 2100), "year", "out_of_range", "年度应在2000到2100之间")
            .MaxLength("q", query.Q, 100, "关键字")
            .MaxLength("regionCode", query.RegionCode, 12, "区划代码")
            .MaxLength("departmentId", query.DepartmentId, 64, "部门");
        if (query.Sort is { Length: > 0 } sort && !Sorts.Contains(sort.TrimStart('-')))
        {
            errors.Add("sort", "invalid_sort", $"排序只能按：{string.Join("、", Sorts)}（前加“-”为倒序）");
        }
        return errors;
    }

    public static IQueryable<TargetSet> Filter(IQueryable<TargetSet> sets, SetListQuery query)
    {
        if (query.Year is { } year)
        {
            sets = sets.Where(s => s.Year == year);
        }
        if (query.Status is { Length: > 0 } status)
        {
            var statuses = status.Split(',').Select(s => s.Trim()).Distinct().ToArray();
            sets = statuses.Length == 1 ? sets.Where(s => s.Status == statuses[0]) : sets.Where(s => statuses.Contains(s.Status));
        }
        if (query.OwnerType is { Length: > 0 } ownerType)
        {
            sets = sets.Where(s => s.OwnerType == ownerType);
        }
        if (query.DepartmentId is { Length: > 0 } departmentId)
        {
            sets = sets.Where(s => s.DepartmentId == departmentId);
        }
        if (query.RegionCode is { Length: > 0 } regionCode)
        {
            var prefix = Regions.PrefixOf(regionCode.Trim());
            sets = prefix.Length >= 6 ? sets.Where(s => s.RegionCode == prefix) : sets.Where(s => s.RegionCode.StartsWith(prefix));
        }
        if (query.IsKey is { } isKey)
        {
            sets = sets.Where(s => s.IsKey == isKey);
        }
        if (query.Q is { Length: > 0 } q && q.Trim().Length > 0)
        {
            var pattern = RequestText.ContainsPattern(q);
            // Chinese has no letter case: a plain LIKE matches the same rows without lower-casing every name it scans
            // (a two-character keyword cannot use the trigram index, so the county's names are scanned).
            sets = RequestText.HasLetterCase(q)
                ? sets.Where(s => EF.Functions.ILike(s.OwnerName, pattern, RequestText.LikeEscape))
                : sets.Where(s => EF.Functions.Like(s.OwnerName, pattern, RequestText.LikeEscape));
        }
        return sets;
    }

    public static IOrderedQueryable<TargetSet> Order(IQueryable<TargetSet> sets, string? sort)
    {
        var descending = sort is null or "" || sort.StartsWith('-');
        return (sort?.TrimStart('-') ?? "updatedAt") switch
        {
            "submittedAt" => descending ? sets.OrderByDescending(s => s.SubmittedAt).ThenByDescending(s => s.Id) : sets.OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id),
            "amount" => descending ? sets.OrderByDescending(s => s.Amount).ThenByDescending(s => s.Id) : sets.OrderBy(s => s.Amount).ThenBy(s => s.Id),
            "ownerName" => descending ? sets.OrderByDescending(s => s.OwnerName).ThenByDescending(s => s.Id) : sets.OrderBy(s => s.OwnerName).ThenBy(s => s.Id),
            "year" => descending ? sets.OrderByDescending(s => s.Year).ThenByDescending(s => s.Id) : sets.OrderBy(s => s.Year).ThenBy(s => s.Id),
            _ => descending ? sets.OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.Id) : sets.OrderBy(s => s.UpdatedAt).ThenBy(s => s.Id),
        };
    }

    public static async Task<PagedResult<TargetSetSummaryDto>> PageAsync(IQueryable<TargetSet> sets, SetListQuery query, Paging paging, CancellationToken ct)
    {
        var filtered = Filter(sets, query);
        var items = await Order(filtered, query.Sort).Skip(paging.Skip).Take(paging.PageSize).ToSummaries().ToListAsync(ct);
        // A short page is the last one, so it tells the total: a name search that fits one page scans the county's
        // names once, not a second time to count them. Only a full page (or one past the end) needs the count.
        var total = items.Count < paging.PageSize && (items.Count > 0 || paging.Page == 1)
            ? paging.Skip + items.Count
            : await filtered.CountAsync(ct);
        return new PagedResult<TargetSetSummaryDto>(items, total, paging.Page, paging.PageSize);
    }
}
