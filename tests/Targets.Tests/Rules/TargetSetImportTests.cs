using Platform.Targets.Model;

namespace Platform.Targets.Tests.Rules;

public sealed class TargetSetImportTests
{
    private static Dictionary<string, string?> Row(string key, string level1 = "产出指标", string level2 = "数量指标", string name = "培训人次",
        string kind = "定量", string? comparator = "≥", string? value = "1000", string? unit = "人次", string points = "60", string owner = "政策",
        string ownerName = "教师培训补助", string year = "2027", string? amount = "1,500,000.00", string? project = null) => new()
    {
        ["目标表编号"] = key, ["归属类型"] = owner, ["项目编号"] = project, ["名称"] = ownerName, ["年度"] = year, ["金额(元)"] = amount,
        ["总体目标"] = null, ["一级指标"] = level1, ["二级指标"] = level2, ["三级指标"] = name, ["指标性质"] = kind, ["比较符"] = comparator,
        ["指标值"] = value, ["计量单位"] = unit, ["指标方向"] = "正向", ["指标解释"] = null, ["数据来源"] = null, ["分值"] = points,
    };

    private static TargetSetImport Read(params Dictionary<string, string?>[] rows)
    {
        var import = new TargetSetImport();
        Assert.True(import.CheckHeader(rows[0].Keys));
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            import.Add(i + 2, column => row.TryGetValue(column, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null);
        }
        return import;
    }

    [Fact]
    public void Rows_with_the_same_key_form_one_set()
    {
        var import = Read(
            Row("A"),
            Row("A", "效益指标", "社会效益指标", "教学质量", "定性", null, null, null, "40"),
            Row("B", ownerName: "校舍维修"));

        Assert.Empty(import.Errors);
        Assert.Equal(2, import.Sets.Count);
        var a = import.Sets.Single(s => s.Key == "A");
        Assert.Equal(1_500_000.00m, a.Amount);
        Assert.Equal(["培训人次", "教学质量"], a.Indicators.Select(i => i.Indicator.Name));
        Assert.Equal(">=", a.Indicators[0].Indicator.Comparator);
        Assert.Equal("social", a.Indicators[1].Indicator.Level2);
        Assert.Null(IndicatorRules.CheckBands(a.Indicators[1].Indicator.Bands));
    }

    [Fact]
    public void Every_bad_cell_is_reported_with_its_row_and_column()
    {
        var import = Read(
            Row("A", level2: "社会效益指标"),
            Row("A", name: "合格率", kind: "定量", unit: null, points: "40.001"),
            Row("B", owner: "基建", year: "27"));

        Assert.Contains(import.Errors, e => e.Row == 2 && e.Field == "二级指标");
        Assert.Contains(import.Errors, e => e.Row == 3 && e.Field == "计量单位");
        Assert.Contains(import.Errors, e => e.Row == 3 && e.Field == "分值");
        Assert.Contains(import.Errors, e => e.Row == 4 && e.Field == "归属类型");
        Assert.Contains(import.Errors, e => e.Row == 4 && e.Field == "年度");
    }

    [Fact]
    public void An_amount_written_with_other_decimals_agrees_with_the_first_row()
    {
        var import = Read(Row("A", amount: "1500000"), Row("A", name: "合格率", amount: "1,500,000.00"));

        Assert.Empty(import.Errors);
    }

    [Fact]
    public void A_disagreeing_owner_type_is_reported_in_the_words_of_the_file()
    {
        var import = Read(Row("A", owner: "项目", project: "0194f3a2-0000-7000-8000-000000000001"), Row("A", name: "合格率", owner: "政策"));

        var error = Assert.Single(import.Errors);
        Assert.Equal((3, "归属类型"), (error.Row, error.Field));
        Assert.Contains("（项目）", error.Message);
        Assert.DoesNotContain("project", error.Message);
    }

    [Fact]
    public void Set_columns_of_later_rows_must_agree_with_the_first()
    {
        var import = Read(Row("A"), Row("A", name: "合格率", ownerName: "另一个名称"));

        var error = Assert.Single(import.Errors);
        Assert.Equal((3, "名称"), (error.Row, error.Field));
    }

    [Fact]
    public void A_project_may_have_only_one_set_in_a_file()
    {
        var project = Guid.NewGuid().ToString();
        var import = Read(Row("A", owner: "项目", project: project), Row("B", owner: "项目", project: project));

        Assert.Contains(import.Errors, e => e.Row == 3 && e.Field == "项目编号");
    }

    [Fact]
    public void A_missing_column_is_reported_on_the_header_row()
    {
        var import = new TargetSetImport();

        Assert.False(import.CheckHeader(["目标表编号", "名称"]));
        Assert.Contains(import.Errors, e => e.Row == 1 && e.Field == "分值");
    }

    [Theory]
    [InlineData("1,234.50", "1234.50")]
    [InlineData("１２３", "123")]
    [InlineData("abc", null)]
    public void Numbers_are_read_as_spreadsheets_write_them(string text, string? expected) =>
        Assert.Equal(expected is null ? null : decimal.Parse(expected), TargetSetImport.ParseNumber(text));
}
