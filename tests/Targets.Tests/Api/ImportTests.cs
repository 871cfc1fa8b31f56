using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Common;
using Platform.Contracts.Targets;

namespace Platform.Targets.Tests.Api;

public sealed class ImportTests(TargetsHost host) : ApiTestBase(host), IClassFixture<TargetsHost>
{
    private const string Header = "目标表编号,归属类型,项目编号,名称,年度,金额(元),总体目标,一级指标,二级指标,三级指标,指标性质,比较符,指标值,计量单位,指标方向,指标解释,数据来源,分值";

    private async Task<HttpResponseMessage> Upload(string user, byte[] content, string fileName, Guid? jobId = null)
    {
        using var client = Host.Client(user);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv") ? "text/csv" : "application/octet-stream");
        form.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/targets/imports") { Content = form };
        if (jobId is { } id)
        {
            request.Headers.Add("Import-Job-Id", id.ToString());
        }
        return await client.SendAsync(request, Ct);
    }

    private static byte[] Csv(params string[] rows) => Encoding.UTF8.GetBytes(string.Join("\r\n", [Header, .. rows]) + "\r\n");

    private Task<int> CountNamed(string prefix) => Host.WithDbAsync(db => db.TargetSets.CountAsync(s => s.OwnerName.StartsWith(prefix), Ct));

    [Fact]
    public async Task A_valid_file_creates_draft_sets_of_the_callers_unit_with_their_indicators()
    {
        var projectId = Guid.NewGuid();
        var jobId = Guid.NewGuid();
        var file = Csv(
            "A,政策,,导入甲-教师培训,2027,\"1,500,000.00\",提升教师能力,产出指标,数量指标,培训人次,定量,≥,1000,人次,正向,全年培训人次,签到表,60",
            "A,,,,,,,效益指标,社会效益指标,教学质量提升,定性,,,,正向,,,40",
            $"B,项目,{projectId},导入甲-校舍维修,2027,800000,,产出,质量,维修合格率,定量,>=,100,%,,,,100",
            "C,部门整体,,导入甲-教育局整体,2027,,,满意度,服务对象满意度,家长满意度,定量,≥,90,%,正向,,,100");

        var job = await Read<ImportJobDto>(await Upload("140322.unit-filer", file, "targets.csv", jobId), HttpStatusCode.OK);

        Assert.Equal((jobId, "succeeded", 3, 4), (job.Id, job.Status, job.Imported, job.Total));
        var polled = await Read<ImportJobDto>(await Get("140322.unit-filer", $"/api/targets/imports/{jobId}"), HttpStatusCode.OK);
        Assert.Equal("succeeded", polled.Status);
        var list = await Read<PagedResult<TargetSetSummaryDto>>(await Get("140322.unit-filer", "/api/targets/sets?q=导入甲&sort=ownerName"), HttpStatusCode.OK);
        Assert.Equal([("导入甲-教师培训", 2), ("导入甲-教育局整体", 1), ("导入甲-校舍维修", 1)], list.Items.Select(s => (s.OwnerName, s.IndicatorCount)));
        Assert.All(list.Items, s => Assert.Equal(("DRAFT", "盂县第一中学"), (s.Status, s.UnitName)));
        var a = await Fetch("140322.unit-filer", list.Items[0].Id);
        Assert.Equal((1_500_000.00m, 100m, ">="), (a.Amount, a.TotalPoints, a.Indicators[0].Comparator));
        Assert.Equal(3, a.Indicators[1].Bands!.Count);
        Assert.Equal(projectId, (await Fetch("140322.unit-filer", list.Items[2].Id)).ProjectId);
        Assert.Single(await AuditOf(a.Id));
        // An imported draft goes through the same submit check.
        await Expect(await Post("140322.unit-filer", $"/api/targets/sets/{a.Id}/submit", new TargetSetTransitionRequest(null, null)), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_file_with_bad_rows_imports_nothing_and_reports_every_row_in_chinese()
    {
        var taken = Guid.NewGuid();
        await Host.SeedSetAsync("140322.unit-filer", "DRAFT", ownerType: "project", projectId: taken);
        var file = Csv(
            "A,政策,,导入乙-好的一行,2027,1000,,产出指标,数量指标,培训人次,定量,≥,1000,人次,正向,,,60",
            "B,政策,,导入乙-坏的一行,2027,-5,,产出指标,社会效益指标,培训人次,定量,≥,1000,,正向,,,abc",
            $"C,项目,{taken},导入乙-已有目标,2027,1000,,效益指标,社会效益指标,受益人数,定量,≥,10,人,正向,,,100");

        var job = await Read<ImportJobDto>(await Upload("140322.unit-filer", file, "targets.csv"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(("failed", 0), (job.Status, job.Imported));
        Assert.Contains(job.Errors, e => e is { Row: 3, Field: "金额(元)" });
        Assert.Contains(job.Errors, e => e is { Row: 3, Field: "二级指标" } && e.Message.Contains("不属于产出指标"));
        Assert.Contains(job.Errors, e => e is { Row: 3, Field: "计量单位" });
        Assert.Contains(job.Errors, e => e is { Row: 3, Field: "分值" });
        Assert.Equal(0, await CountNamed("导入乙"));

        var onlyTaken = await Read<ImportJobDto>(await Upload("140322.unit-filer", Csv(
            $"C,项目,{taken},导入乙-已有目标,2027,1000,,效益指标,社会效益指标,受益人数,定量,≥,10,人,正向,,,100"), "targets.csv"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal((2, "项目编号"), (Assert.Single(onlyTaken.Errors).Row, onlyTaken.Errors[0].Field));
        Assert.Equal(0, await CountNamed("导入乙"));
    }

    [Fact]
    public async Task A_broken_xlsx_is_refused_as_unreadable()
    {
        var response = await Upload("140322.unit-filer", Encoding.UTF8.GetBytes("PK\u0003\u0004 this is not a zip"), "targets.xlsx");

        Assert.Equal("file_unreadable", Code(await Expect(response, HttpStatusCode.UnprocessableEntity)));
    }

    [Fact]
    public async Task A_50_MB_upload_is_refused_with_413_before_it_is_read()
    {
        var response = await Upload("140322.unit-filer", new byte[50 * 1024 * 1024], "targets.csv");

        await Expect(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Only_filers_import()
    {
        var response = await Upload("140322.performance-officer", Csv(), "targets.csv");

        await Expect(response, HttpStatusCode.Forbidden);
    }
}
