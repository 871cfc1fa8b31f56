using System.Text.RegularExpressions;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.Scope;

namespace Platform.Identity.Directory;

/// <summary>
/// Where a new region may go: GB/T 2260 codes are six digits whose leading part is the parent's (14 → 1403 → 140322);
/// a city's code ends in 00, a county's or zone's does not; a development zone sits under a city, with a local code
/// that starts with its city's four digits.
/// </summary>
public static partial class RegionRules
{
    /// <summary>Levels that may be created under a region of <paramref name="parentLevel"/>.</summary>
    public static IReadOnlyList<string> ChildLevels(string parentLevel) => parentLevel switch
    {
        RegionLevels.Province => [RegionLevels.City],
        RegionLevels.City => [RegionLevels.County, RegionLevels.Zone],
        _ => [],
    };

    /// <summary>400: the request's own fields.</summary>
    public static FieldErrors Validate(CreateRegionRequest request)
    {
        var errors = new FieldErrors()
            .Required("code", request.Code, "区划代码")
            .Matches("code", request.Code, SixDigits(), "区划代码", "6位数字")
            .Required("name", request.Name, "区划名称")
            .MaxLength("name", request.Name, 64, "区划名称")
            .Required("level", request.Level, "区划级别")
            .Required("parentCode", request.ParentCode, "上级区划");
        if (!string.IsNullOrWhiteSpace(request.Level) && request.Level is not (RegionLevels.City or RegionLevels.County or RegionLevels.Zone))
        {
            errors.Add("level", "invalid_level", "区划级别只能是 city（市级）、county（县区级）或 zone（开发区）");
        }
        return errors;
    }

    /// <summary>422: the new region against the parent it would sit under.</summary>
    public static FieldErrors CheckPlacement(CreateRegionRequest request, Region parent)
    {
        var errors = new FieldErrors();
        var code = request.Code!;
        var level = request.Level!;
        var allowed = ChildLevels(parent.Level);
        if (allowed.Count == 0)
        {
            errors.Add("parentCode", "no_children", $"{parent.Name}是{RegionLevels.DisplayName(parent.Level)}区划，其下不能再设下级区划");
        }
        else if (!allowed.Contains(level))
        {
            errors.Add("level", "level_not_allowed", level == RegionLevels.Zone
                ? "开发区只能设在市级区划下"
                : $"{parent.Name}下只能新增{string.Join("或", allowed.Select(RegionLevels.DisplayName))}区划");
        }
        var prefix = Caller.PrefixOf(parent.Code, parent.Level)!;
        errors.Must(code.StartsWith(prefix, StringComparison.Ordinal), "code", "outside_parent",
            $"区划代码应以上级区划代码的前{prefix.Length}位“{prefix}”开头");
        if (level == RegionLevels.City)
        {
            errors.Must(code.EndsWith("00", StringComparison.Ordinal) && !code.EndsWith("0000", StringComparison.Ordinal),
                "code", "invalid_city_code", "市级区划代码应以00结尾（且不能以0000结尾）");
        }
        else
        {
            errors.Must(!code.EndsWith("00", StringComparison.Ordinal), "code", "invalid_county_code", "县（区）级和开发区的区划代码不能以00结尾");
        }
        errors.Must(!request.IsLocalCode || level == RegionLevels.Zone, "isLocalCode", "local_code_not_allowed", "只有开发区可以使用自编代码");
        return errors;
    }

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex SixDigits();
}
