using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;
using Platform.ServiceDefaults.Tabular;
using Platform.Targets.Infrastructure;
using Platform.Targets.Model;

namespace Platform.Targets.Apis;

/// <summary>
/// The 重点 package: the key target sets of a year and region from approval on, reported to 人大 with the draft budget,
/// as JSON (for the printable page) and as xlsx (one row per indicator).
/// </summary>
public static class KeyPackageApi
{
    private static readonly XlsxColumn[] Columns =
    [
        new("区划", 10), new("主管部门", 24), new("单位", 24), new("名称", 32), new("类型", 10),
        new("金额（元）", 16, XlsxFormat.Money), new("版本", 6, XlsxFormat.Integer), new("状态", 12), new("总体目标", 40),
        new("一级指标", 12), new("二级指标", 16), new("三级指标", 28), new("指标性质", 8), new("比较符", 6),
        new("指标值", 12), new("计量单位", 10), new("指标方向", 8), new("分值", 8, XlsxFormat.Money),
    ];

    public static RouteGroupBuilder MapKeyPackageApi(this IEndpointRouteBuilder app)
    {
        var package = app.MapGroup("/api/targets").RequireAuthorization(TargetsPolicies.KeyPackage).WithTags("KeyPackage");
        package.MapGet("/key-package", GetKeyPackage)
            .WithName("GetKeyPackage")
            .WithSummary("重点绩效目标（报人大）");
        package.MapGet("/key-package.xlsx", GetKeyPackageXlsx)
            .WithName("GetKeyPackageXlsx")
            .WithSummary("重点绩效目标导出（Excel）");
        return package;
    }

    public static async Task<Results<Ok<KeyPackageDto>, ValidationProblem, ProblemHttpResult>> GetKeyPackage(
        int? year, string? regionCode, Caller caller, TargetsDb db, CancellationToken ct)
    {
        var (package, refused) = await LoadAsync(year, regionCode, caller, db, ct);
        return refused is not null ? refused.As<Results<Ok<KeyPackageDto>, ValidationProblem, ProblemHttpResult>>(v => v, p => p) : TypedResults.Ok(package!);
    }

    public static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> GetKeyPackageXlsx(
        int? year, string? regionCode, Caller caller, TargetsDb db, CancellationToken ct)
    {
        var (package, refused) = await LoadAsync(year, regionCode, caller, db, ct);
        if (refused is not null)
        {
            return refused.As<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>>(v => v, p => p);
        }
        var rows = package!.Sets.SelectMany(set => set.Indicators.Select(i => (IReadOnlyList<object?>)
        [
            set.RegionName, set.DepartmentName, set.UnitName, set.OwnerName, TargetOwnerTypes.DisplayName(set.OwnerType),
            set.Amount, set.SetVersion, TargetSetStates.DisplayName(set.Status), set.OverallGoal,
            IndicatorLevels.Level1Name(i.Level1), IndicatorLevels.Level2Name(i.Level1, i.Level2), i.Name,
            IndicatorValueKinds.DisplayName(i.ValueKind), i.Comparator is null ? null : IndicatorComparators.DisplayName(i.Comparator),
            i.TargetValue, i.Unit, IndicatorDirections.DisplayName(i.Direction), i.Points,
        ]));
        var buffer = new MemoryStream();
        await XlsxWriter.WriteAsync(buffer, "重点绩效目标", Columns, rows, ct);
        buffer.Position = 0;
        return TypedResults.File(buffer, XlsxWriter.ContentType, $"重点绩效目标-{package.RegionName}-{package.Year}.xlsx");
    }

    private static async Task<(KeyPackageDto? Package, Refusal? Refused)> LoadAsync(int? year, string? regionCode, Caller caller, TargetsDb db, CancellationToken ct)
    {
        var errors = new FieldErrors().Required("year", year, "年度")
            .Must(year is null or (>= 2000 and <= 2100), "year", "out_of_range", "年度应在2000到2100之间")
            .MaxLength("regionCode", regionCode, 12, "区划代码");
        if (errors.HasErrors)
        {
            return (null, errors.ToValidationProblem());
        }
        var region = string.IsNullOrWhiteSpace(regionCode) ? caller.RegionCode : regionCode.Trim();
        if (region is null || !caller.Covers(region))
        {
            return (null, ProblemResults.Forbidden("只能查看本级及下级区划的重点绩效目标", "out_of_scope"));
        }
        var prefix = Regions.PrefixOf(region);
        string[] approved = [.. TargetSetStates.ApprovedOrLater];
        var sets = await db.VisibleSets(caller).Include(s => s.Indicators)
            .Where(s => s.IsKey && s.Year == year && approved.Contains(s.Status) && s.RegionCode.StartsWith(prefix))
            .OrderBy(s => s.RegionCode).ThenBy(s => s.DepartmentName).ThenBy(s => s.OwnerName)
            .AsSplitQuery().ToListAsync(ct);
        var regionName = region == caller.RegionCode ? caller.RegionName ?? region
            : sets.FirstOrDefault(s => s.RegionCode == region)?.RegionName ?? region;
        return (new KeyPackageDto(year!.Value, region, regionName, [.. sets.Select(s => TargetSetMapping.ToDto(s, null))], sets.Sum(s => s.Amount ?? 0)), null);
    }
}
