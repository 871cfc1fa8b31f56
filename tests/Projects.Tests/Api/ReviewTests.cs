using System.Net;
using Platform.Contracts.Common;
using Platform.Contracts.Projects;

namespace Platform.Projects.Tests.Api;

/// <summary>预算评审: 审定 per project with reasons, closing a batch, and the reports by outcome, department and region.</summary>
public class ReviewTests(ProjectsHost host) : ProjectsApiTestBase(host), IClassFixture<ProjectsHost>
{
    private static readonly TestUser Officer = TestUsers.YuxianPerformanceOfficer;

    [Fact]
    public async Task The_worked_example_batch_cuts_20_percent_weighted_not_the_mean()
    {
        const int year = 2031;
        var a = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject(amount: 10_000_000.00m, isNew: false, year: year));
        var b = await SubmittedAsync(TestUsers.YuxianUnitFiler, NewProject(amount: 5_000_000.00m, isNew: false, year: year));
        var c = await SubmittedAsync(TestUsers.YuxianHealthFiler, NewProject(amount: 2_500_000.00m, isNew: false, year: year));
        var batch = await CreateBatchAsync(Officer, year);
        var detail = await AddToBatchAsync(Officer, batch.Id, a.Id, b.Id, c.Id);
        Assert.Equal(3, detail.Batch.ProjectCount);
        Assert.Equal(17_500_000.00m, detail.Batch.Requested);
        Assert.Null(detail.Batch.ReductionRate);

        await DecideAsync(Officer, batch.Id, a.Id, 8_000_000.00m, "压减设备购置");
        await DecideAsync(Officer, batch.Id, b.Id, 5_000_000.00m, null);
        var cut = await DecideAsync(Officer, batch.Id, c.Id, 1_000_000.00m, "分年度实施");
        Assert.Equal((1_500_000.00m, ReviewOutcomes.Reduced), (cut.ReductionAmount!.Value, cut.Outcome));
        var closed = await CloseAsync(Officer, batch.Id);

        Assert.Equal((14_000_000.00m, 3_500_000.00m, 0.2000m), (closed.Batch.Approved, closed.Batch.Reduction, closed.Batch.ReductionRate!.Value));
        var report = await Read<ReviewReportDto>(await Get(Officer, $"/api/projects/reports/review?batchId={batch.Id}"));
        Assert.Equal(new ReviewTotalsDto(3, 17_500_000.00m, 14_000_000.00m, 3_500_000.00m, 0.2000m), report.Totals);
        Assert.Equal(year, report.Year);
        Assert.Equal(("140322", "盂县"), (report.RegionCode, report.RegionName));
        Assert.Equal([(ReviewOutcomes.Supported, 1), (ReviewOutcomes.Reduced, 2), (ReviewOutcomes.NotSupported, 0)],
            report.ByOutcome.Select(o => (o.Outcome, o.Count)));
        var education = Assert.Single(report.ByDepartment, d => d.Key == TestUsers.YuxianEducation);
        Assert.Equal(("盂县教育局", new ReviewTotalsDto(2, 15_000_000.00m, 13_000_000.00m, 2_000_000.00m, 0.1333m)), (education.Name, education.Totals));
        var health = Assert.Single(report.ByDepartment, d => d.Key == TestUsers.YuxianHealth);
        Assert.Equal(0.6000m, health.Totals.ReductionRate);
        var county = Assert.Single(report.ByRegion);
        Assert.Equal(("140322", "盂县", 3), (county.Key, county.Name, county.Totals.Count));
    }

    [Fact]
    public async Task A_half_decided_batch_shows_the_same_totals_in_its_detail_and_in_the_list()
    {
        const int year = 2033;
        var a = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject(amount: 4_000_000.00m, isNew: false, year: year));
        var b = await SubmittedAsync(TestUsers.YuxianHealthFiler, NewProject(amount: 1_000_000.00m, isNew: false, year: year));
        var batch = await CreateBatchAsync(Officer, year);
        Assert.Equal((0, 0m, 0m), (batch.ProjectCount, batch.Requested, batch.Approved));
        await AddToBatchAsync(Officer, batch.Id, a.Id, b.Id);
        await DecideAsync(Officer, batch.Id, a.Id, 3_000_000.00m);

        var detail = await Read<ReviewBatchDetailDto>(await Get(Officer, $"/api/projects/review-batches/{batch.Id}"));
        // 送审 over both projects; 审定, 审减 and 审减率 over the decided one only.
        Assert.Equal((2, 5_000_000.00m, 3_000_000.00m, 1_000_000.00m, 0.2500m),
            (detail.Batch.ProjectCount, detail.Batch.Requested, detail.Batch.Approved, detail.Batch.Reduction, detail.Batch.ReductionRate));
        var list = await Read<PagedResult<ReviewBatchDto>>(await Get(Officer, $"/api/projects/review-batches?year={year}&status=OPEN"));
        Assert.Equal(detail.Batch, Assert.Single(list.Items, i => i.Id == batch.Id));
    }

    [Fact]
    public async Task An_unknown_batch_status_is_refused_with_the_states_named_in_Chinese()
    {
        var problem = await Expect(await Get(Officer, "/api/projects/review-batches?status=DONE"), HttpStatusCode.BadRequest);
        Assert.Equal(["批次状态只能是：OPEN（评审中）、CLOSED（已完成）"], FieldMessages(problem, "status"));
    }

    [Fact]
    public async Task An_approved_amount_above_the_request_or_negative_or_unexplained_is_refused_per_field()
    {
        var project = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject(amount: 1_000.00m));
        var batch = await CreateBatchAsync(Officer);
        await AddToBatchAsync(Officer, batch.Id, project.Id);
        var path = $"/api/projects/review-batches/{batch.Id}/items/{project.Id}";

        var above = await Expect(await Put(Officer, path, new DecideReviewItemRequest(1_000.01m, "x")), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["审定金额不能超过送审金额1,000.00元"], FieldMessages(above, "approvedAmount"));
        var negative = await Expect(await Put(Officer, path, new DecideReviewItemRequest(-1m, "x")), HttpStatusCode.BadRequest);
        Assert.Equal(["审定金额应为不小于0的金额，最多两位小数"], FieldMessages(negative, "approvedAmount"));
        var malformed = await Expect(await Send(Officer, HttpMethod.Put, path, """{"approvedAmount":"abc"}"""), HttpStatusCode.BadRequest);
        Assert.Equal(["审定金额应为不小于0的金额，最多两位小数"], FieldMessages(malformed, "approvedAmount"));
        var unexplained = await Expect(await Put(Officer, path, new DecideReviewItemRequest(999.99m, null)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["审定金额低于送审金额时，应填写审减理由"], FieldMessages(unexplained, "reason"));

        var detail = await Read<ReviewBatchDetailDto>(await Get(Officer, $"/api/projects/review-batches/{batch.Id}"));
        Assert.Null(Assert.Single(detail.Items).ApprovedAmount);
        var incomplete = await Expect(await Post(Officer, $"/api/projects/review-batches/{batch.Id}/close", new { }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("review_incomplete", Code(incomplete));
        Assert.Equal(ReviewBatchStates.Open, (await Read<ReviewBatchDetailDto>(await Get(Officer, $"/api/projects/review-batches/{batch.Id}"))).Batch.Status);
    }

    [Fact]
    public async Task Nothing_approved_is_not_supported_at_closing()
    {
        var project = await SubmittedAsync(TestUsers.YuxianDepartmentFiler);
        await AssertStatus(await Approve(project.Id), HttpStatusCode.OK);
        var batch = await CreateBatchAsync(Officer);
        await AddToBatchAsync(Officer, batch.Id, project.Id);
        await DecideAsync(Officer, batch.Id, project.Id, 0m, "不符合支持方向");
        await CloseAsync(Officer, batch.Id);
        var rejected = await GetAsync(TestUsers.YuxianDepartmentFiler, project.Id);
        Assert.Equal((ProjectStates.NotSupported, 0m), (rejected.Status, rejected.ApprovedAmount!.Value));
    }

    [Fact]
    public async Task Only_projects_under_review_in_the_batch_s_year_and_scope_join_a_batch_all_or_nothing()
    {
        var reviewing = await SubmittedAsync(TestUsers.YuxianDepartmentFiler);
        var draft = await CreateAsync(TestUsers.YuxianDepartmentFiler);
        var foreign = await SubmittedAsync(TestUsers.PingdingDepartmentFiler);
        var batch = await CreateBatchAsync(Officer);

        var problem = await Expect(await Post(Officer, $"/api/projects/review-batches/{batch.Id}/items",
            new AddReviewItemsRequest([reviewing.Id, draft.Id, foreign.Id])), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("不能加入评审", FieldMessages(problem, "projectIds[1]")[0]);
        Assert.Equal(["项目不存在或不在本批次的区划范围内"], FieldMessages(problem, "projectIds[2]"));
        Assert.Empty((await Read<ReviewBatchDetailDto>(await Get(Officer, $"/api/projects/review-batches/{batch.Id}"))).Items);

        await AddToBatchAsync(Officer, batch.Id, reviewing.Id);
        var other = await CreateBatchAsync(Officer);
        var twice = await Expect(await Post(Officer, $"/api/projects/review-batches/{other.Id}/items", new AddReviewItemsRequest([reviewing.Id])),
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["in_other_batch"], twice.GetProperty("errorCodes").GetProperty("projectIds[0]").EnumerateArray().Select(e => e.GetString()));
        // A sibling county's officer does not see this county's batch.
        await AssertStatus(await Get(TestUsers.PingdingPerformanceOfficer, $"/api/projects/review-batches/{batch.Id}"), HttpStatusCode.NotFound);
        var list = await Read<PagedResult<ReviewBatchDto>>(await Get(TestUsers.PingdingPerformanceOfficer, "/api/projects/review-batches?pageSize=100"));
        Assert.DoesNotContain(list.Items, b => b.Id == batch.Id);
    }

    [Fact]
    public async Task A_returned_project_leaves_its_open_batch()
    {
        var project = await SubmittedAsync(TestUsers.YuxianDepartmentFiler);
        var batch = await CreateBatchAsync(Officer);
        await AddToBatchAsync(Officer, batch.Id, project.Id);
        await Read<ProjectDto>(await Post(Officer, $"/api/projects/{project.Id}/return", new TransitionRequest("补充材料", null)));
        Assert.Empty((await Read<ReviewBatchDetailDto>(await Get(Officer, $"/api/projects/review-batches/{batch.Id}"))).Items);
    }

    [Fact]
    public async Task Reports_drill_down_from_province_to_cities_and_from_city_to_counties()
    {
        const int year = 2033;
        var city = TestUsers.YangquanPerformanceOfficer;
        var yuxianA = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject(amount: 1_000_000.00m, year: year));
        var yuxianB = await SubmittedAsync(TestUsers.YuxianHealthFiler, NewProject(amount: 3_000_000.00m, isNew: false, year: year));
        var pingding = await SubmittedAsync(TestUsers.PingdingDepartmentFiler, NewProject(amount: 2_000_000.00m, year: year));
        var openBatch = await CreateBatchAsync(city, year);
        var batch = await CreateBatchAsync(city, year);
        await AddToBatchAsync(city, batch.Id, yuxianA.Id, yuxianB.Id, pingding.Id);
        await DecideAsync(city, batch.Id, yuxianA.Id, 900_000.00m);
        await DecideAsync(city, batch.Id, yuxianB.Id, 3_000_000.00m, null);
        await DecideAsync(city, batch.Id, pingding.Id, 1_000_000.00m);
        await CloseAsync(city, batch.Id);
        // A decided item of a batch still open does not count in the period report.
        var pending = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject(amount: 7_000_000.00m, isNew: false, year: year));
        await AddToBatchAsync(city, openBatch.Id, pending.Id);
        await DecideAsync(city, openBatch.Id, pending.Id, 1.00m);

        var cityReport = await Read<ReviewReportDto>(await Get(city, $"/api/projects/reports/review?year={year}"));
        Assert.Equal(("140300", "阳泉市"), (cityReport.RegionCode, cityReport.RegionName));
        Assert.Equal(new ReviewTotalsDto(3, 6_000_000.00m, 4_900_000.00m, 1_100_000.00m, 0.1833m), cityReport.Totals);
        Assert.Equal([("140321", "平定县", 1), ("140322", "盂县", 2)], cityReport.ByRegion.Select(r => (r.Key, r.Name, r.Totals.Count)));
        Assert.Equal(0.5000m, cityReport.ByRegion[0].Totals.ReductionRate);
        Assert.Equal(0.0250m, cityReport.ByRegion[1].Totals.ReductionRate);
        Assert.Equal(cityReport.Totals.Reduction, cityReport.ByRegion.Sum(r => r.Totals.Reduction));
        Assert.Equal(cityReport.Totals.Requested, cityReport.ByDepartment.Sum(d => d.Totals.Requested));

        var province = await Read<ReviewReportDto>(await Get(TestUsers.ProvincePerformanceOfficer, $"/api/projects/reports/review?year={year}&regionCode=140000"));
        var yangquan = Assert.Single(province.ByRegion);
        Assert.Equal(("140300", cityReport.Totals), (yangquan.Key, yangquan.Totals));

        var county = await Read<ReviewReportDto>(await Get(TestUsers.YuxianPerformanceOfficer, $"/api/projects/reports/review?year={year}"));
        Assert.Equal(new ReviewTotalsDto(2, 4_000_000.00m, 3_900_000.00m, 100_000.00m, 0.0250m), county.Totals);
        // A county cannot ask for its city's or a sibling's figures.
        await AssertStatus(await Get(TestUsers.YuxianPerformanceOfficer, $"/api/projects/reports/review?year={year}&regionCode=140321"), HttpStatusCode.NotFound);
        await AssertStatus(await Get(TestUsers.YuxianPerformanceOfficer, $"/api/projects/reports/review?year={year}&regionCode=140300"), HttpStatusCode.NotFound);
        await AssertStatus(await Get(TestUsers.YuxianDepartmentFiler, $"/api/projects/reports/review?year={year}"), HttpStatusCode.Forbidden);
        // Overseers (人大) read the same figures, and nothing they cannot see.
        var overseer = await Read<ReviewReportDto>(await Get(TestUsers.YuxianOverseer, $"/api/projects/reports/review?year={year}"));
        Assert.Equal(county.Totals, overseer.Totals);
    }
}
