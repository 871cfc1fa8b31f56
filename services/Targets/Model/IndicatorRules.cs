using System.Globalization;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults.Problems;

namespace Platform.Targets.Model;

/// <summary>
/// What makes indicators well-formed (<see cref="CheckShape"/>: a draft may be incomplete but never malformed, 400)
/// and what makes a set fit to submit (<see cref="CheckForSubmit"/>: quantified or explicitly qualitative, a unit for
/// every number, bands covering 0..1, points summing to 100.00, 422). Fields are named as the client sent them
/// (<c>indicators[3].unit</c>).
/// </summary>
public static class IndicatorRules
{
    public const int MaxIndicators = 200;
    public const int MaxNameLength = 200;
    public const int MaxUnitLength = 32;

    /// <summary>The unit a filer writes for a number without one (a count of times is 次, a rate is %).</summary>
    public const string NoUnit = "无";

    public static FieldErrors CheckShape(IReadOnlyList<Indicator> indicators, FieldErrors errors)
    {
        errors.Must(indicators.Count <= MaxIndicators, "indicators", "too_many", $"一张目标表最多填写{MaxIndicators}个指标");
        for (var i = 0; i < indicators.Count; i++)
        {
            var indicator = indicators[i];
            var field = $"indicators[{i}]";
            CheckLevels(indicator, field, errors);
            if (!IndicatorValueKinds.All.Contains(indicator.ValueKind))
            {
                errors.Add($"{field}.valueKind", "invalid_value_kind", "指标性质只能是定量（quantitative）或定性（qualitative）");
            }
            if (indicator.Comparator is not null && !IndicatorComparators.All.Contains(indicator.Comparator))
            {
                errors.Add($"{field}.comparator", "invalid_comparator", "比较符只能是 =、>=、<=、>、<");
            }
            if (!IndicatorDirections.All.Contains(indicator.Direction))
            {
                errors.Add($"{field}.direction", "invalid_direction", "指标方向只能是正向（positive）或反向（negative）");
            }
            errors.MaxLength($"{field}.name", indicator.Name, MaxNameLength, "三级指标名称")
                .MaxLength($"{field}.unit", indicator.Unit, MaxUnitLength, "计量单位");
            if (indicator.Points < 0 || indicator.Points > 100 || Exceeds(indicator.Points, 2))
            {
                errors.Add($"{field}.points", "invalid_points", "分值应在0到100之间，最多两位小数");
            }
            if (indicator.TargetValue is { } value && (Math.Abs(value) >= 100_000_000_000_000m || Exceeds(value, 4)))
            {
                errors.Add($"{field}.targetValue", "invalid_value", "指标值过大或超过四位小数");
            }
            for (var b = 0; b < (indicator.Bands?.Count ?? 0); b++)
            {
                var band = indicator.Bands![b];
                var bandField = $"{field}.bands[{b}]";
                if (band is null || string.IsNullOrWhiteSpace(band.Label) || band.MinRatio < 0 || band.MaxRatio > 1
                    || Exceeds(band.MinRatio, 4) || Exceeds(band.MaxRatio, 4))
                {
                    errors.Add(bandField, "invalid_band", "评分档次应有名称，得分比例在0到1之间（最多四位小数）");
                }
            }
        }
        return errors;
    }

    public static FieldErrors CheckForSubmit(IReadOnlyList<Indicator> indicators, FieldErrors errors)
    {
        if (indicators.Count == 0)
        {
            return errors.Add("indicators", "required", "目标表至少应填写一个产出指标和一个效益指标");
        }
        errors.Must(indicators.Any(i => i.Level1 == IndicatorLevels.Output), "indicators", "output_missing", "目标表至少应有一个产出指标")
            .Must(indicators.Any(i => i.Level1 == IndicatorLevels.Benefit), "indicators", "benefit_missing", "目标表至少应有一个效益指标");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < indicators.Count; i++)
        {
            var indicator = indicators[i];
            var field = $"indicators[{i}]";
            CheckLevels(indicator, field, errors);
            if (string.IsNullOrWhiteSpace(indicator.Name))
            {
                errors.Add($"{field}.name", "required", "三级指标名称不能为空");
            }
            else if (!names.Add(indicator.Name.Trim()))
            {
                errors.Add($"{field}.name", "duplicate_name", $"指标名称“{indicator.Name.Trim()}”在本表中重复");
            }
            if (indicator.ValueKind == IndicatorValueKinds.Quantitative)
            {
                errors.Must(indicator.Comparator is not null, $"{field}.comparator", "required", "定量指标应选择比较符")
                    .Must(indicator.TargetValue is not null, $"{field}.targetValue", "required", "定量指标应填写指标值")
                    .Must(!string.IsNullOrWhiteSpace(indicator.Unit), $"{field}.unit", "required", $"定量指标应填写计量单位；确无单位的请填写“{NoUnit}”");
            }
            else if (indicator.ValueKind == IndicatorValueKinds.Qualitative && CheckBands(indicator.Bands) is { } bands)
            {
                errors.Add($"{field}.bands", bands.Code, bands.Message);
            }
            errors.Must(indicator.Points > 0, $"{field}.points", "points_not_positive", "每个指标的分值应大于0");
        }
        var total = PointsRule.Total(indicators.Select(i => i.Points));
        errors.Must(PointsRule.IsComplete(total), "indicators", "points_total",
            $"各指标分值合计应为100.00分，当前合计{total.ToString("0.00", CultureInfo.InvariantCulture)}分");
        return errors;
    }

    /// <summary>
    /// Why the bands of a qualitative indicator do not cover 0..1 exactly once, or null when they do. Bands are
    /// [min, max) ranges of the share of points; the last one includes 1.
    /// </summary>
    public static (string Code, string Message)? CheckBands(IReadOnlyList<ScoringBand>? bands)
    {
        if (bands is null || bands.Count == 0)
        {
            return ("bands_missing", "定性指标应设置评分档次（如达成、部分达成、未达成）");
        }
        if (bands.Any(b => b is null || b.MinRatio >= b.MaxRatio || b.MinRatio < 0 || b.MaxRatio > 1))
        {
            return ("invalid_band", "每个评分档次的下限应小于上限，且都在0到1之间");
        }
        var ordered = bands.OrderBy(b => b.MinRatio).ThenBy(b => b.MaxRatio).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].MinRatio > ordered[i - 1].MaxRatio)
            {
                return ("bands_gap", $"评分档次之间有空档：{Ratio(ordered[i - 1].MaxRatio)}到{Ratio(ordered[i].MinRatio)}之间未覆盖");
            }
            if (ordered[i].MinRatio < ordered[i - 1].MaxRatio)
            {
                return ("bands_overlap", $"评分档次“{ordered[i - 1].Label}”与“{ordered[i].Label}”重叠");
            }
        }
        if (ordered[0].MinRatio != 0 || ordered[^1].MaxRatio != 1)
        {
            return ("bands_incomplete", "评分档次应从0连续覆盖到1（满分）");
        }
        return null;
    }

    private static void CheckLevels(Indicator indicator, string field, FieldErrors errors)
    {
        if (!IndicatorLevels.IsLevel1(indicator.Level1))
        {
            errors.Add($"{field}.level1", "invalid_level1", "一级指标只能是产出、效益、满意度或成本指标");
        }
        else if (!IndicatorLevels.IsLevel2(indicator.Level1, indicator.Level2))
        {
            var allowed = IndicatorLevels.Level2[indicator.Level1].Select(code => IndicatorLevels.Level2Name(indicator.Level1, code));
            errors.Add($"{field}.level2", "invalid_level2",
                $"{IndicatorLevels.Level1Name(indicator.Level1)}下的二级指标只能是：{string.Join("、", allowed)}");
        }
    }

    private static string Ratio(decimal ratio) => ratio.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="value"/> has more than <paramref name="places"/> decimals.</summary>
    public static bool Exceeds(decimal value, int places) => decimal.Round(value, places) != value;
}

/// <summary>Points of a set's indicators sum to exactly 100.00: 99.99 and 100.01 are both refused.</summary>
public static class PointsRule
{
    public const decimal Full = 100.00m;

    public static decimal Total(IEnumerable<decimal> points) => points.Sum();

    public static bool IsComplete(decimal total) => total == Full;
}
