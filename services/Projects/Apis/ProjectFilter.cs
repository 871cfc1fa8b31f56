using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Projects;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Apis;
using Platform.ServiceDefaults.Problems;

namespace Platform.Projects.Apis;

/// <summary>The filters of the project list and its export (the same query string for both).</summary>
public sealed record ProjectFilter(int? Year, string? Status, string? Kind, string? DepartmentId, string? RegionCode, bool? IsNew, string? Q)
{
    public const int MaxTextLength = 100;

    private static readonly string[] SortKeys = ["code", "name", "year", "requestedAmount", "updatedAt", "status"];

    /// <summary>The filtered query; malformed filters are added to <paramref name="errors"/> (400).</summary>
    public IQueryable<Project> Apply(IQueryable<Project> query, FieldErrors errors)
    {
        errors.Must(Status is null || ProjectStates.All.Contains(Status), "status", "invalid_status", $"状态只能是：{ProjectFields.Choices(ProjectStates.All, ProjectStates.DisplayName)}")
            .Must(Kind is null || ProjectKinds.All.Contains(Kind), "kind", "invalid_kind", $"项目类型只能是：{ProjectFields.Choices(ProjectKinds.All, ProjectKinds.DisplayName)}")
            .Must(RegionCode is null || RegionCodes.IsWellFormed(RegionCode), "regionCode", "invalid_format", "区划代码应为6位数字")
            .MaxLength("q", Q, MaxTextLength, "查询内容")
            .MaxLength("departmentId", DepartmentId, 64, "部门");
        if (Year is { } year)
        {
            query = query.Where(p => p.Year == year);
        }
        if (!string.IsNullOrEmpty(Status))
        {
            query = query.Where(p => p.Status == Status);
        }
        if (!string.IsNullOrEmpty(Kind))
        {
            query = query.Where(p => p.Kind == Kind);
        }
        if (!string.IsNullOrWhiteSpace(DepartmentId))
        {
            query = query.Where(p => p.DepartmentId == DepartmentId);
        }
        if (RegionCode is not null && RegionCodes.IsWellFormed(RegionCode))
        {
            var prefix = RegionCodes.ScopePrefix(RegionCode);
            query = query.Where(p => p.RegionCode.StartsWith(prefix));
        }
        if (IsNew is { } isNew)
        {
            query = query.Where(p => p.IsNew == isNew);
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = RequestText.ContainsPattern(Q);
            query = query.Where(p => EF.Functions.ILike(p.Name, pattern, RequestText.LikeEscape) || EF.Functions.ILike(p.Code, pattern, RequestText.LikeEscape));
        }
        return query;
    }

    /// <summary>
    /// Orders by <paramref name="sort"/> (<c>code</c>, <c>-requestedAmount</c>, …; newest change first by default), with
    /// the id last so pages never overlap.
    /// </summary>
    public static IQueryable<Project> Sort(IQueryable<Project> query, string? sort, FieldErrors errors)
    {
        var key = sort?.Trim() ?? "-updatedAt";
        var descending = key.StartsWith('-');
        key = key.TrimStart('-', '+');
        if (!SortKeys.Contains(key))
        {
            errors.Add("sort", "invalid_sort", $"排序字段只能是：{string.Join("、", SortKeys)}（前加“-”为倒序）");
            return query;
        }
        IOrderedQueryable<Project> ordered = (key, descending) switch
        {
            ("code", false) => query.OrderBy(p => p.Code),
            ("code", true) => query.OrderByDescending(p => p.Code),
            ("name", false) => query.OrderBy(p => p.Name),
            ("name", true) => query.OrderByDescending(p => p.Name),
            ("year", false) => query.OrderBy(p => p.Year),
            ("year", true) => query.OrderByDescending(p => p.Year),
            ("requestedAmount", false) => query.OrderBy(p => p.RequestedAmount),
            ("requestedAmount", true) => query.OrderByDescending(p => p.RequestedAmount),
            ("status", false) => query.OrderBy(p => p.Status),
            ("status", true) => query.OrderByDescending(p => p.Status),
            (_, false) => query.OrderBy(p => p.UpdatedAt),
            _ => query.OrderByDescending(p => p.UpdatedAt),
        };
        return ordered.ThenBy(p => p.Id);
    }
}
