using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Platform.Contracts.Common;
using Platform.Contracts.Projects;
using Platform.Projects.Apis;
using Platform.ServiceDefaults.Tabular;

namespace Platform.Projects.Tests.Api;

/// <summary>Import (all or nothing, errors per row in Chinese, progress) and export of the 项目库.</summary>
public class ImportExportTests(ProjectsHost host) : ProjectsApiTestBase(host), IClassFixture<ProjectsHost>
{
    private const string Header = "年度,项目名称,项目类型,新增或延续,资金来源,送审金额(元),开始年度,结束年度,项目概述,联系人,联系电话";

    private static byte[] Csv(params string[] rows) =>
        Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join("\r\n", [Header, .. rows]) + "\r\n")).ToArray();

    private async Task<HttpResponseMessage> Upload(TestUser user, byte[] content, string fileName, Guid? jobId = null)
    {
        using var client = Host.Client(user);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv") ? "text/csv" : XlsxWriter.ContentType);
        form.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/projects/imports") { Content = form };
        if (jobId is { } id)
        {
            request.Headers.Add("Import-Job-Id", id.ToString());
        }
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task A_valid_csv_imports_every_row_as_a_draft_of_the_filer_s_organisation()
    {
        var name = Unique("导入");
        var jobId = Guid.NewGuid();
        var job = await Read<ImportJobDto>(await Upload(TestUsers.YuxianUnitFiler, Csv(
            $"2027,{name}-1,项目,新增,一般公共预算,\"3,000,000.00\",2027,2029,校舍改造,张三,0353-1234567",
            $"2027,{name}-2,政策,延续,政府性基金预算,1500000,2027,2027,,,",
            $"2028,{name}-3,部门整体,新增,一般公共预算,0.01,2028,2028,,,"), "projects.csv", jobId));

        Assert.Equal((jobId, ImportJobStatuses.Succeeded, 3, 3), (job.Id, job.Status, job.Imported, job.Total));
        var polled = await Read<ImportJobDto>(await Get(TestUsers.YuxianUnitFiler, $"/api/projects/imports/{jobId}"));
        Assert.Equal(ImportJobStatuses.Succeeded, polled.Status);
        var list = await Read<PagedResult<ProjectDto>>(await Get(TestUsers.YuxianUnitFiler, $"/api/projects?q={Uri.EscapeDataString(name)}&sort=name"));
        Assert.Equal([$"{name}-1", $"{name}-2", $"{name}-3"], list.Items.Select(p => p.Name));
        var first = list.Items[0];
        Assert.Equal((ProjectStates.Draft, 3_000_000.00m, ProjectKinds.Project, true, TestUsers.YuxianSchool, TestUsers.YuxianEducation),
            (first.Status, first.RequestedAmount, first.Kind, first.IsNew, first.UnitId, first.DepartmentId));
        Assert.Equal((ProjectKinds.Policy, false, (string?)null), (list.Items[1].Kind, list.Items[1].IsNew, list.Items[1].Description));
        Assert.StartsWith("XM-2028-140322-", list.Items[2].Code);
        Assert.Equal(3, list.Items.Select(p => p.Code).Distinct().Count());
        var history = await HistoryAsync(TestUsers.YuxianUnitFiler, first.Id);
        Assert.Contains("文件第2行", Assert.Single(history).Comment);
        // Another county does not see the job.
        await AssertStatus(await Get(TestUsers.PingdingDepartmentFiler, $"/api/projects/imports/{jobId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task One_bad_row_imports_nothing_and_the_report_names_the_row()
    {
        var name = Unique("半坏");
        var response = await Upload(TestUsers.YuxianDepartmentFiler, Csv(
            $"2027,{name}-1,项目,新增,一般公共预算,1000,2027,2027,,,",
            $"2027,{name}-2,项目,新增,一般公共预算,12.345,2027,2027,,,",
            $"2027,{name}-3,项目,新增,一般公共预算,2000,2027,2027,,,"), "projects.csv");

        var job = await Read<ImportJobDto>(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal((ImportJobStatuses.Failed, 0), (job.Status, job.Imported));
        Assert.Equal([new ImportRowError(3, "送审金额", "第3行 送审金额：应为不小于0的金额，最多两位小数")], job.Errors);
        Assert.Equal(0, await Host.CountProjectsAsync(q => q.Where(p => p.Name.StartsWith(name))));
        Assert.Equal(ImportJobStatuses.Failed, (await Read<ImportJobDto>(await Get(TestUsers.YuxianDepartmentFiler, $"/api/projects/imports/{job.Id}"))).Status);
    }

    [Fact]
    public async Task A_broken_xlsx_is_unreadable_and_imports_nothing()
    {
        var before = await Host.CountProjectsAsync(q => q);
        var problem = await Expect(await Upload(TestUsers.YuxianDepartmentFiler, Encoding.UTF8.GetBytes("PK\u0003\u0004 this is not a workbook"), "projects.xlsx"),
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal("file_unreadable", Code(problem));
        Assert.NotEmpty(FieldMessages(problem, "file"));
        Assert.Equal(before, await Host.CountProjectsAsync(q => q));
    }

    [Fact]
    public async Task A_file_without_the_required_columns_is_refused_on_row_1()
    {
        var job = await Read<ImportJobDto>(await Upload(TestUsers.YuxianDepartmentFiler, Encoding.UTF8.GetBytes("年度,名称\r\n2027,x\r\n"), "projects.csv"),
            HttpStatusCode.UnprocessableEntity);
        Assert.Contains(job.Errors, e => e.Row == 1 && e.Message == "第1行 缺少必填列“送审金额(元)”");
    }

    [Fact]
    public async Task A_50_mb_upload_is_too_large()
    {
        var problem = await Expect(await Upload(TestUsers.YuxianDepartmentFiler, new byte[50 * 1024 * 1024], "projects.csv"), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("payload_too_large", Code(problem));
    }

    [Fact]
    public async Task Only_filers_import_and_only_a_file()
    {
        await AssertStatus(await Upload(TestUsers.YuxianPerformanceOfficer, Csv("2027,x,项目,新增,一般公共预算,1,2027,2027,,,"), "projects.csv"), HttpStatusCode.Forbidden);
        await AssertStatus(await Post(TestUsers.YuxianDepartmentFiler, "/api/projects/imports", new { }), HttpStatusCode.UnsupportedMediaType);
        using var client = Host.Client(TestUsers.YuxianDepartmentFiler);
        using var form = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        var noFile = await Expect(await client.PostAsync("/api/projects/imports", form, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(["请选择要导入的文件"], FieldMessages(noFile, "file"));
    }

    [Fact]
    public async Task The_export_lists_the_filtered_projects_in_yuan_and_imports_again()
    {
        var name = Unique("导出");
        var a = await CreateAsync(TestUsers.YuxianDepartmentFiler, NewProject($"{name}-a", 1_234_567.89m));
        var b = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject($"{name}-b", 500.00m, isNew: false));
        await CreateAsync(TestUsers.PingdingDepartmentFiler, NewProject($"{name}-foreign"));

        var response = await Get(TestUsers.YuxianPerformanceOfficer, $"/api/projects/export.xlsx?q={Uri.EscapeDataString(name)}");
        await AssertStatus(response, HttpStatusCode.OK);
        Assert.Equal(XlsxWriter.ContentType, response.Content.Headers.ContentType!.MediaType);
        var file = await response.Content.ReadAsByteArrayAsync(Ct);
        var rows = new List<TabularRow>();
        await foreach (var row in TabularReader.ReadAsync(new MemoryStream(file), "export.xlsx", Ct))
        {
            rows.Add(row);
        }

        Assert.Equal(ImportExportApi.ExportColumns.Select(c => c.Header), rows[0].Cells.Keys);
        Assert.Equal([a.Code, b.Code], rows.Select(r => r["项目编号"]));
        Assert.Equal(("1234567.89", "项目", "新增", "草稿"), (rows[0]["送审金额(元)"], rows[0]["项目类型"], rows[0]["新增或延续"], rows[0]["状态"]));
        Assert.Equal(("延续", "评审中"), (rows[1]["新增或延续"], rows[1]["状态"]));

        var job = await Read<ImportJobDto>(await Upload(TestUsers.YuxianDepartmentFiler, file, "export.xlsx"));
        Assert.Equal(2, job.Imported);
        Assert.Equal(2, await Host.CountProjectsAsync(q => q.Where(p => p.Name == $"{name}-a" || p.Name == $"{name}-b").Where(p => p.Status == ProjectStates.Draft && p.Id != a.Id)));
    }
}
