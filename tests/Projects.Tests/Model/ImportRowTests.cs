using Platform.Contracts.Common;
using Platform.Contracts.Projects;
using Platform.Projects.Apis;
using Platform.ServiceDefaults.Tabular;

namespace Platform.Projects.Tests.Model;

public class ImportRowTests
{
    private static TabularRow Row(int number, Dictionary<string, string?> overrides)
    {
        var cells = new Dictionary<string, string?>
        {
            ["年度"] = "2027",
            ["项目名称"] = "义务教育薄弱环节改善",
            ["项目类型"] = "项目",
            ["新增或延续"] = "新增",
            ["资金来源"] = "一般公共预算",
            ["送审金额(元)"] = "3000000.00",
            ["开始年度"] = "2027",
            ["结束年度"] = "2028",
            ["项目概述"] = null,
            ["联系人"] = "张三",
            ["联系电话"] = "0353-1234567",
        };
        foreach (var (key, value) in overrides)
        {
            cells[key] = value;
        }
        return new TabularRow(number, cells);
    }

    [Fact]
    public void A_valid_row_becomes_a_project()
    {
        var errors = new List<ImportRowError>();
        var project = ProjectImport.Parse(Row(2, []), errors);
        Assert.Empty(errors);
        Assert.Equal(new ImportedProject(2, 2027, "义务教育薄弱环节改善", ProjectKinds.Project, true, "一般公共预算", 3_000_000.00m, 2027, 2028, null, "张三", "0353-1234567"), project);
    }

    [Theory]
    [InlineData("12.345")]
    [InlineData("abc")]
    [InlineData("-1")]
    public void A_malformed_amount_is_reported_on_its_row_in_chinese(string amount)
    {
        var errors = new List<ImportRowError>();
        Assert.Null(ProjectImport.Parse(Row(12, new() { ["送审金额(元)"] = amount }), errors));
        var error = Assert.Single(errors);
        Assert.Equal(new ImportRowError(12, "送审金额", "第12行 送审金额：应为不小于0的金额，最多两位小数"), error);
    }

    [Fact]
    public void Every_problem_of_a_row_is_reported()
    {
        var errors = new List<ImportRowError>();
        ProjectImport.Parse(Row(3, new() { ["项目名称"] = " ", ["项目类型"] = "工程", ["新增或延续"] = "续建", ["结束年度"] = "2026" }), errors);
        Assert.Equal(
            ["第3行 项目名称：不能为空", "第3行 项目类型：只能是项目、政策或部门整体", "第3行 新增或延续：只能是新增或延续", "第3行 结束年度：不能早于开始年度"],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void A_header_without_a_required_column_is_reported_on_row_1()
    {
        var row = new TabularRow(2, new Dictionary<string, string?> { ["年度"] = "2027", ["项目名称"] = "x" });
        var errors = ProjectImport.CheckHeader(row);
        Assert.Contains(errors, e => e.Message == "第1行 缺少必填列“送审金额(元)”");
        Assert.All(errors, e => Assert.Equal(1, e.Row));
    }

    [Theory]
    [InlineData("$.requestedAmount", "requestedAmount")]
    [InlineData("$.attachments[0].sizeBytes", "attachments[0].sizeBytes")]
    [InlineData("$", "body")]
    [InlineData(null, "body")]
    public void A_json_error_path_names_the_field(string? path, string field) =>
        Assert.Equal(field, JsonBody<SaveProjectRequest>.FieldOf(path));
}
