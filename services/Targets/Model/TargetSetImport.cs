using System.Globalization;
using Platform.Contracts.Common;
using Platform.Contracts.Targets;

namespace Platform.Targets.Model;

/// <summary>A set read from an import file, with its indicators in file order.</summary>
public sealed class ImportedSet(string key, int firstRow)
{
    public string Key { get; } = key;

    public int FirstRow { get; } = firstRow;

    public string OwnerType { get; set; } = "";

    public Guid? ProjectId { get; set; }

    public string OwnerName { get; set; } = "";

    public int Year { get; set; }

    public decimal? Amount { get; set; }

    public string? OverallGoal { get; set; }

    public List<(int Row, Indicator Indicator)> Indicators { get; } = [];
}

/// <summary>
/// Reads an import file of target sets, one row per indicator (目标表编号 groups rows into one set), and checks every
/// row: what a row says must be complete and well-formed (a draft may still miss points or a second indicator), and the
/// set columns of a set's rows must agree. Errors are per row and column, in Chinese; an import with any is refused as
/// a whole.
/// </summary>
public sealed class TargetSetImport
{
    public const string KeyColumn = "目标表编号";
    public const string OwnerTypeColumn = "归属类型";
    public const string ProjectColumn = "项目编号";
    public const string NameColumn = "名称";
    public const string YearColumn = "年度";
    public const string AmountColumn = "金额(元)";
    public const string GoalColumn = "总体目标";
    public const string Level1Column = "一级指标";
    public const string Level2Column = "二级指标";
    public const string IndicatorColumn = "三级指标";
    public const string KindColumn = "指标性质";
    public const string ComparatorColumn = "比较符";
    public const string ValueColumn = "指标值";
    public const string UnitColumn = "计量单位";
    public const string DirectionColumn = "指标方向";
    public const string ExplanationColumn = "指标解释";
    public const string SourceColumn = "数据来源";
    public const string PointsColumn = "分值";

    public static readonly IReadOnlyList<string> Columns =
    [
        KeyColumn, OwnerTypeColumn, ProjectColumn, NameColumn, YearColumn, AmountColumn, GoalColumn, Level1Column, Level2Column,
        IndicatorColumn, KindColumn, ComparatorColumn, ValueColumn, UnitColumn, DirectionColumn, ExplanationColumn, SourceColumn, PointsColumn,
    ];

    /// <summary>The columns a file must have (the others may be left out, their cells blank).</summary>
    public static readonly IReadOnlyList<string> RequiredColumns =
        [KeyColumn, OwnerTypeColumn, NameColumn, YearColumn, Level1Column, Level2Column, IndicatorColumn, KindColumn, PointsColumn];

    /// <summary>Bands a qualitative indicator gets from an import (the file has no band columns); the filer may change them.</summary>
    public static readonly IReadOnlyList<ScoringBand> DefaultBands =
        [new("达成", 0.8m, 1m), new("部分达成", 0.5m, 0.8m), new("未达成", 0m, 0.5m)];

    private readonly Dictionary<string, ImportedSet> _sets = new(StringComparer.Ordinal);
    private readonly List<ImportRowError> _errors = [];
    private readonly Dictionary<Guid, string> _projects = [];

    public IReadOnlyList<ImportRowError> Errors => _errors;

    public IReadOnlyCollection<ImportedSet> Sets => _sets.Values;

    public int RowCount { get; private set; }

    public int IndicatorCount { get; private set; }

    /// <summary>Headers the file lacks, as errors on row 1.</summary>
    public bool CheckHeader(IEnumerable<string> headers)
    {
        var present = headers.Select(h => AliasOf(h.Trim())).ToHashSet(StringComparer.Ordinal);
        foreach (var column in RequiredColumns)
        {
            if (!present.Contains(column))
            {
                _errors.Add(new ImportRowError(1, column, $"缺少“{column}”列；请使用导入模板"));
            }
        }
        return _errors.Count == 0;
    }

    /// <summary>Reads one data row (<paramref name="cell"/> gives a column's trimmed text, null when blank).</summary>
    public void Add(int row, Func<string, string?> cell)
    {
        RowCount++;
        var before = _errors.Count;
        var key = cell(KeyColumn);
        if (key is null)
        {
            Error(row, KeyColumn, "目标表编号不能为空（同一张目标表的各行填写相同的编号）");
            return;
        }
        if (key.Length > 64)
        {
            Error(row, KeyColumn, "目标表编号不能超过64个字");
            return;
        }
        var isNew = !_sets.TryGetValue(key, out var set);
        set ??= new ImportedSet(key, row);
        ReadSetColumns(row, cell, set, isNew);
        var indicator = ReadIndicator(row, cell, set);
        if (_errors.Count > before)
        {
            if (isNew)
            {
                // Later rows of the set are still checked against what this row said.
                _sets[key] = set;
            }
            return;
        }
        _sets[key] = set;
        indicator!.Ordinal = set.Indicators.Count + 1;
        set.Indicators.Add((row, indicator));
        IndicatorCount++;
    }

    private void ReadSetColumns(int row, Func<string, string?> cell, ImportedSet set, bool isNew)
    {
        var ownerText = cell(OwnerTypeColumn);
        var ownerType = ownerText switch
        {
            "项目" or TargetOwnerTypes.Project => TargetOwnerTypes.Project,
            "政策" or TargetOwnerTypes.Policy => TargetOwnerTypes.Policy,
            "部门整体" or TargetOwnerTypes.Department => TargetOwnerTypes.Department,
            _ => null,
        };
        if (ownerType is null)
        {
            if (ownerText is not null || isNew)
            {
                Error(row, OwnerTypeColumn, ownerText is null ? "归属类型不能为空" : $"归属类型“{ownerText}”无效，应为项目、政策或部门整体");
            }
        }
        Guid? projectId = null;
        if (cell(ProjectColumn) is { } projectText)
        {
            if (Guid.TryParse(projectText, out var parsed))
            {
                projectId = parsed;
            }
            else
            {
                Error(row, ProjectColumn, $"项目编号“{projectText}”格式不正确，应为项目库中的项目ID");
            }
        }
        else if (ownerType == TargetOwnerTypes.Project && isNew)
        {
            Error(row, ProjectColumn, "归属类型为项目时应填写项目编号");
        }
        var name = cell(NameColumn);
        if (name is null && isNew)
        {
            Error(row, NameColumn, "名称不能为空");
        }
        else if (name is { Length: > 200 })
        {
            Error(row, NameColumn, "名称不能超过200个字");
        }
        int? year = null;
        if (cell(YearColumn) is not { } yearText)
        {
            if (isNew)
            {
                Error(row, YearColumn, "年度不能为空");
            }
        }
        else if (int.TryParse(yearText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsedYear) && parsedYear is >= 2000 and <= 2100)
        {
            year = parsedYear;
        }
        else
        {
            Error(row, YearColumn, $"年度“{yearText}”无效，应为2000到2100之间的四位数字");
        }
        decimal? amount = null;
        if (cell(AmountColumn) is { } amountText)
        {
            if (ParseNumber(amountText) is { } parsedAmount && parsedAmount >= 0 && !IndicatorRules.Exceeds(parsedAmount, 2) && parsedAmount < 10_000_000_000_000_000m)
            {
                amount = parsedAmount;
            }
            else
            {
                Error(row, AmountColumn, $"金额“{amountText}”无效，应为不小于0、最多两位小数的数（元）");
            }
        }
        var goal = cell(GoalColumn);
        if (goal is { Length: > 4000 })
        {
            Error(row, GoalColumn, "总体目标不能超过4000个字");
        }

        if (isNew)
        {
            set.OwnerType = ownerType ?? "";
            set.ProjectId = projectId;
            set.OwnerName = name ?? "";
            set.Year = year ?? 0;
            set.Amount = amount;
            set.OverallGoal = goal;
            if (projectId is { } id)
            {
                if (_projects.TryGetValue(id, out var other))
                {
                    Error(row, ProjectColumn, $"该项目已在目标表“{other}”中填报，一个项目只能有一张目标表");
                }
                else
                {
                    _projects[id] = set.Key;
                }
            }
            return;
        }
        // Later rows may leave the set columns blank; what they do say must agree with the set's first row.
        // Compared as the filer wrote them (项目, not project) and as numbers (100 and 100.00 agree).
        Agree(row, OwnerTypeColumn, ownerType is null ? null : TargetOwnerTypes.DisplayName(ownerType),
            set.OwnerType.Length == 0 ? null : TargetOwnerTypes.DisplayName(set.OwnerType), set);
        Agree(row, ProjectColumn, projectId?.ToString(), set.ProjectId?.ToString(), set);
        Agree(row, NameColumn, name, set.OwnerName, set);
        Agree(row, YearColumn, year?.ToString(CultureInfo.InvariantCulture), set.Year == 0 ? null : set.Year.ToString(CultureInfo.InvariantCulture), set);
        Agree(row, AmountColumn, amount?.ToString("0.##", CultureInfo.InvariantCulture), set.Amount?.ToString("0.##", CultureInfo.InvariantCulture), set);
        Agree(row, GoalColumn, goal, set.OverallGoal, set);
    }

    private Indicator? ReadIndicator(int row, Func<string, string?> cell, ImportedSet set)
    {
        var level1Text = cell(Level1Column);
        var level1 = IndicatorLevels.Level1FromName(level1Text);
        if (level1 is null)
        {
            Error(row, Level1Column, level1Text is null ? "一级指标不能为空" : $"一级指标“{level1Text}”无效，应为产出、效益、满意度或成本指标");
        }
        var level2Text = cell(Level2Column);
        var level2 = level1 is null ? null : IndicatorLevels.Level2FromName(level1, level2Text);
        if (level1 is not null && level2 is null)
        {
            var allowed = IndicatorLevels.Level2[level1].Select(code => IndicatorLevels.Level2Name(level1, code));
            Error(row, Level2Column, level2Text is null
                ? "二级指标不能为空"
                : $"二级指标“{level2Text}”不属于{IndicatorLevels.Level1Name(level1)}，应为：{string.Join("、", allowed)}");
        }
        var name = cell(IndicatorColumn);
        if (name is null)
        {
            Error(row, IndicatorColumn, "三级指标名称不能为空");
        }
        else if (name.Length > IndicatorRules.MaxNameLength)
        {
            Error(row, IndicatorColumn, $"三级指标名称不能超过{IndicatorRules.MaxNameLength}个字");
        }
        else if (set.Indicators.Any(i => i.Indicator.Name == name))
        {
            Error(row, IndicatorColumn, $"三级指标“{name}”在目标表“{set.Key}”中重复");
        }
        var kindText = cell(KindColumn);
        var kind = kindText switch
        {
            "定量" or IndicatorValueKinds.Quantitative => IndicatorValueKinds.Quantitative,
            "定性" or IndicatorValueKinds.Qualitative => IndicatorValueKinds.Qualitative,
            _ => null,
        };
        if (kind is null)
        {
            Error(row, KindColumn, kindText is null ? "指标性质不能为空" : $"指标性质“{kindText}”无效，应为定量或定性");
        }
        var comparatorText = cell(ComparatorColumn);
        var comparator = comparatorText switch
        {
            null => null,
            "=" or "＝" or "等于" => IndicatorComparators.Equal,
            ">=" or "≥" or "＞＝" or "大于等于" or "不低于" => IndicatorComparators.AtLeast,
            "<=" or "≤" or "＜＝" or "小于等于" or "不高于" => IndicatorComparators.AtMost,
            ">" or "＞" or "大于" => IndicatorComparators.Above,
            "<" or "＜" or "小于" => IndicatorComparators.Below,
            _ => "?",
        };
        if (comparator == "?")
        {
            Error(row, ComparatorColumn, $"比较符“{comparatorText}”无效，应为 =、≥、≤、>、<");
        }
        decimal? value = null;
        if (cell(ValueColumn) is { } valueText)
        {
            value = ParseNumber(valueText.TrimEnd('%', '％'));
            if (value is null || IndicatorRules.Exceeds(value.Value, 4) || Math.Abs(value.Value) >= 100_000_000_000_000m)
            {
                Error(row, ValueColumn, $"指标值“{valueText}”不是有效的数字（最多四位小数）");
            }
        }
        var unit = cell(UnitColumn);
        if (kind == IndicatorValueKinds.Quantitative)
        {
            if (comparatorText is null)
            {
                Error(row, ComparatorColumn, "定量指标应填写比较符");
            }
            if (cell(ValueColumn) is null)
            {
                Error(row, ValueColumn, "定量指标应填写指标值");
            }
            if (unit is null)
            {
                Error(row, UnitColumn, $"定量指标应填写计量单位；确无单位的请填写“{IndicatorRules.NoUnit}”");
            }
        }
        if (unit is { Length: > IndicatorRules.MaxUnitLength })
        {
            Error(row, UnitColumn, $"计量单位不能超过{IndicatorRules.MaxUnitLength}个字");
        }
        var directionText = cell(DirectionColumn);
        var direction = directionText switch
        {
            null or "正向" or IndicatorDirections.Positive => IndicatorDirections.Positive,
            "反向" or IndicatorDirections.Negative => IndicatorDirections.Negative,
            _ => null,
        };
        if (direction is null)
        {
            Error(row, DirectionColumn, $"指标方向“{directionText}”无效，应为正向或反向");
        }
        var pointsText = cell(PointsColumn);
        var points = pointsText is null ? null : ParseNumber(pointsText);
        if (pointsText is null)
        {
            Error(row, PointsColumn, "分值不能为空");
        }
        else if (points is null || points < 0 || points > 100 || IndicatorRules.Exceeds(points.Value, 2))
        {
            Error(row, PointsColumn, $"分值“{pointsText}”无效，应为0到100之间、最多两位小数的数");
        }
        if (level1 is null || level2 is null || name is null || kind is null || direction is null || points is null)
        {
            return null;
        }
        return new Indicator
        {
            Id = Guid.CreateVersion7(),
            Level1 = level1,
            Level2 = level2,
            Name = name,
            ValueKind = kind,
            Comparator = comparator is "?" ? null : comparator,
            TargetValue = value,
            Unit = unit,
            Direction = direction,
            Explanation = cell(ExplanationColumn),
            DataSource = cell(SourceColumn),
            Points = points.Value,
            Bands = kind == IndicatorValueKinds.Qualitative ? [.. DefaultBands] : null,
        };
    }

    private void Agree(int row, string column, string? value, string? first, ImportedSet set)
    {
        if (value is not null && first is not null && first.Length > 0 && value != first)
        {
            Error(row, column, $"与目标表“{set.Key}”第{set.FirstRow}行的“{column}”（{first}）不一致");
        }
    }

    private void Error(int row, string column, string message) => _errors.Add(new ImportRowError(row, column, message));

    /// <summary>A number as a spreadsheet writes it: thousands separators and full-width digits allowed.</summary>
    public static decimal? ParseNumber(string text)
    {
        var normalized = new string([.. text.Trim().Select(c => c is >= '０' and <= '９' ? (char)('0' + (c - '０')) : c == '．' ? '.' : c)])
            .Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal);
        return decimal.TryParse(normalized, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>Other spellings of the amount column header that a file may use.</summary>
    public static readonly IReadOnlyList<string> AmountAliases = ["金额（元）", "金额"];

    /// <summary>Accepts a few spellings of the amount column header.</summary>
    public static string AliasOf(string header) => AmountAliases.Contains(header) ? AmountColumn : header;
}
