using System.Globalization;
using Platform.Contracts.Common;
using Platform.Contracts.Projects;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Tabular;

namespace Platform.Projects.Apis;

/// <summary>One valid row of a project import, ready to be written.</summary>
public sealed record ImportedProject(
    int Row, int Year, string Name, string Kind, bool IsNew, string FundingSource, decimal RequestedAmount,
    int StartYear, int EndYear, string? Description, string? ContactName, string? ContactPhone);

/// <summary>
/// The columns of the 预算管理一体化 exchange file and the check of each row, with errors a filer can fix in Excel:
/// "第12行 送审金额：应为不小于0的金额，最多两位小数". The export writes the same headers, so an exported list imports again.
/// </summary>
public static class ProjectImport
{
    public sealed record Column(string Label, string Header, bool Required, params string[] Aliases)
    {
        public string? Find(IReadOnlyDictionary<string, string?> cells) =>
            new[] { Header, Label }.Concat(Aliases).FirstOrDefault(cells.ContainsKey);
    }

    public static readonly Column Year = new("年度", "年度", true);
    public static readonly Column Name = new("项目名称", "项目名称", true);
    public static readonly Column Kind = new("项目类型", "项目类型", true, "项目类型(项目/政策/部门整体)", "项目类型（项目/政策/部门整体）");
    public static readonly Column IsNew = new("新增或延续", "新增或延续", true, "新增或延续(新增/延续)", "新增或延续（新增/延续）");
    public static readonly Column FundingSource = new("资金来源", "资金来源", true);
    public static readonly Column RequestedAmount = new("送审金额", "送审金额(元)", true, "送审金额（元）");
    public static readonly Column StartYear = new("开始年度", "开始年度", true);
    public static readonly Column EndYear = new("结束年度", "结束年度", true);
    public static readonly Column Description = new("项目概述", "项目概述", false);
    public static readonly Column ContactName = new("联系人", "联系人", false);
    public static readonly Column ContactPhone = new("联系电话", "联系电话", false);

    public static readonly IReadOnlyList<Column> Columns =
        [Year, Name, Kind, IsNew, FundingSource, RequestedAmount, StartYear, EndYear, Description, ContactName, ContactPhone];

    /// <summary>Errors for required columns the header lacks (reported on row 1).</summary>
    public static IReadOnlyList<ImportRowError> CheckHeader(TabularRow first) =>
        Columns.Where(c => c.Required && c.Find(first.Cells) is null)
            .Select(c => new ImportRowError(1, c.Label, $"第1行 缺少必填列“{c.Header}”"))
            .ToList();

    /// <summary>The row as a project, or its errors (every problem of the row, not only the first).</summary>
    public static ImportedProject? Parse(TabularRow row, List<ImportRowError> errors)
    {
        var before = errors.Count;
        string? Cell(Column column) => column.Find(row.Cells) is { } header ? row[header]?.Trim() is { Length: > 0 } v ? v : null : null;
        void Error(Column column, string problem) => errors.Add(new ImportRowError(row.RowNumber, column.Label, $"第{row.RowNumber}行 {column.Label}：{problem}"));

        string? Text(Column column, int max)
        {
            var value = Cell(column);
            if (value is null)
            {
                if (column.Required)
                {
                    Error(column, "不能为空");
                }
                return null;
            }
            if (value.Length > max)
            {
                Error(column, $"不能超过{max}个字");
                return null;
            }
            return value;
        }

        int? YearOf(Column column)
        {
            var value = Cell(column);
            if (value is null)
            {
                Error(column, "不能为空");
                return null;
            }
            if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                || number != decimal.Truncate(number) || number < ProjectFields.MinYear || number > ProjectFields.MaxYear)
            {
                Error(column, $"应为{ProjectFields.MinYear}到{ProjectFields.MaxYear}之间的年份");
                return null;
            }
            return (int)number;
        }

        var year = YearOf(Year);
        var name = Text(Name, ProjectFields.MaxNameLength);
        var kindText = Text(Kind, 16);
        var kind = kindText is null ? null : ProjectKinds.FromDisplayName(kindText) ?? (ProjectKinds.All.Contains(kindText) ? kindText : null);
        if (kindText is not null && kind is null)
        {
            Error(Kind, "只能是项目、政策或部门整体");
        }
        var isNewText = Text(IsNew, 8);
        bool? isNew = isNewText switch { null => null, "新增" => true, "延续" => false, _ => null };
        if (isNewText is not null && isNew is null)
        {
            Error(IsNew, "只能是新增或延续");
        }
        var fundingSource = Text(FundingSource, ProjectFields.MaxFundingSourceLength);
        var amountText = Cell(RequestedAmount);
        var amount = Money.Parse(amountText);
        if (amountText is null)
        {
            Error(RequestedAmount, "不能为空");
        }
        else if (amount is null)
        {
            Error(RequestedAmount, Money.FormatMessage);
        }
        var startYear = YearOf(StartYear);
        var endYear = YearOf(EndYear);
        if (startYear is not null && endYear is not null && endYear < startYear)
        {
            Error(EndYear, "不能早于开始年度");
        }
        var description = Text(Description, ProjectFields.MaxDescriptionLength);
        var contactName = Text(ContactName, ProjectFields.MaxContactNameLength);
        var contactPhone = Text(ContactPhone, ProjectFields.MaxContactPhoneLength);
        if (contactPhone is not null && !ProjectFields.IsPhone(contactPhone))
        {
            Error(ContactPhone, $"格式不正确，应为{ProjectFields.PhoneFormat}");
        }
        if (errors.Count > before)
        {
            return null;
        }
        return new ImportedProject(row.RowNumber, year!.Value, name!, kind!, isNew!.Value, fundingSource!, amount!.Value,
            startYear!.Value, endYear!.Value, description, contactName, contactPhone);
    }
}
