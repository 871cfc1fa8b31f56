using System.Net;
using System.Text.RegularExpressions;
using Platform.Contracts.Common;
using Platform.Contracts.Projects;

namespace Platform.Projects.Tests.Api;

/// <summary>Filing and editing projects: what the filer's token decides, malformed input, versions, and who sees what.</summary>
public class ProjectFilingTests(ProjectsHost host) : ProjectsApiTestBase(host), IClassFixture<ProjectsHost>
{
    [Fact]
    public async Task A_unit_filer_files_a_draft_under_its_department_with_a_region_code()
    {
        var project = await CreateAsync(TestUsers.YuxianUnitFiler, NewProject(amount: 1_234_567.89m));

        Assert.Equal(ProjectStates.Draft, project.Status);
        Assert.Matches(new Regex(@"^XM-2027-140322-\d{6}$"), project.Code);
        Assert.Equal(("140322", "盂县"), (project.RegionCode, project.RegionName));
        Assert.Equal((TestUsers.YuxianEducation, "盂县教育局"), (project.DepartmentId, project.DepartmentName));
        Assert.Equal((TestUsers.YuxianSchool, "盂县第一中学"), (project.UnitId, project.UnitName));
        Assert.Equal(1_234_567.89m, project.RequestedAmount);
        Assert.Single(project.Attachments);
        Assert.NotEqual(0u, project.Version);
        var history = await HistoryAsync(TestUsers.YuxianUnitFiler, project.Id);
        var created = Assert.Single(history);
        Assert.Equal((null, ProjectStates.Draft), (created.FromState, created.ToState));
    }

    [Fact]
    public async Task Codes_are_numbered_one_after_another_per_year_and_region()
    {
        var first = await CreateAsync(TestUsers.YuxianDepartmentFiler, NewProject(year: 2041));
        var second = await CreateAsync(TestUsers.YuxianDepartmentFiler, NewProject(year: 2041));
        Assert.Equal("XM-2041-140322-000001", first.Code);
        Assert.Equal("XM-2041-140322-000002", second.Code);
    }

    [Theory]
    [InlineData("12.345")]
    [InlineData("\"abc\"")]
    [InlineData("-1")]
    public async Task A_malformed_amount_is_a_400_naming_the_field_and_nothing_is_filed(string amount)
    {
        var name = Unique("坏金额");
        var json = $$"""{"year":2027,"name":"{{name}}","kind":"project","isNew":true,"fundingSource":"一般公共预算","requestedAmount":{{amount}},"startYear":2027,"endYear":2027}""";

        var problem = await Expect(await Send(TestUsers.YuxianDepartmentFiler, HttpMethod.Post, "/api/projects", json), HttpStatusCode.BadRequest);

        Assert.Equal(["送审金额应为不小于0的金额，最多两位小数"], FieldMessages(problem, "requestedAmount"));
        Assert.Equal(0, await Host.CountProjectsAsync(q => q.Where(p => p.Name == name)));
    }

    [Fact]
    public async Task Missing_and_unknown_values_are_400s_per_field()
    {
        var problem = await Expect(await Send(TestUsers.YuxianDepartmentFiler, HttpMethod.Post, "/api/projects",
            """{"year":1999,"kind":"building","isNew":true,"requestedAmount":1,"startYear":2027,"endYear":2027,"contactPhone":"call me"}"""), HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", Code(problem));
        Assert.Equal(["项目名称不能为空"], FieldMessages(problem, "name"));
        Assert.Equal(["资金来源不能为空"], FieldMessages(problem, "fundingSource"));
        Assert.Equal(["年度应在2000到2100之间"], FieldMessages(problem, "year"));
        Assert.StartsWith("项目类型只能是", FieldMessages(problem, "kind")[0]);
        Assert.StartsWith("联系电话格式不正确", FieldMessages(problem, "contactPhone")[0]);
    }

    [Fact]
    public async Task A_period_that_ends_before_it_starts_breaks_a_rule()
    {
        var problem = await Expect(await Post(TestUsers.YuxianDepartmentFiler, "/api/projects", NewProject() with { StartYear = 2028, EndYear = 2027 }),
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["结束年度不能早于开始年度"], FieldMessages(problem, "endYear"));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_files_the_project_once()
    {
        var name = Unique("幂等");
        using var client = Host.Client(TestUsers.YuxianDepartmentFiler);
        var key = Guid.NewGuid().ToString();
        async Task<ProjectDto> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/projects") { Content = System.Net.Http.Json.JsonContent.Create(NewProject(name)) };
            request.Headers.Add("Idempotency-Key", key);
            return await Read<ProjectDto>(await client.SendAsync(request, Ct), HttpStatusCode.Created);
        }

        var first = await Send();
        var second = await Send();

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, await Host.CountProjectsAsync(q => q.Where(p => p.Name == name)));
    }

    [Fact]
    public async Task The_filer_edits_a_draft_with_the_version_it_read_and_a_stale_version_is_a_conflict()
    {
        var project = await CreateAsync(TestUsers.YuxianDepartmentFiler);

        var edited = await Read<ProjectDto>(await Put(TestUsers.YuxianDepartmentFiler, $"/api/projects/{project.Id}",
            NewProject(project.Name, 2_000_000.00m, version: project.Version)));
        Assert.Equal(2_000_000.00m, edited.RequestedAmount);
        Assert.NotEqual(project.Version, edited.Version);

        var stale = await Expect(await Put(TestUsers.YuxianDepartmentFiler, $"/api/projects/{project.Id}",
            NewProject(project.Name, 5.00m, version: project.Version)), HttpStatusCode.Conflict);
        Assert.Equal("version_conflict", Code(stale));
        var missing = await Expect(await Put(TestUsers.YuxianDepartmentFiler, $"/api/projects/{project.Id}", NewProject(project.Name)), HttpStatusCode.BadRequest);
        Assert.Equal(["版本号不能为空"], FieldMessages(missing, "version"));
        Assert.Equal(2_000_000.00m, (await GetAsync(TestUsers.YuxianDepartmentFiler, project.Id)).RequestedAmount);
    }

    [Fact]
    public async Task A_submitted_project_can_no_longer_be_edited()
    {
        var project = await SubmittedAsync(TestUsers.YuxianDepartmentFiler);
        var problem = await Expect(await Put(TestUsers.YuxianDepartmentFiler, $"/api/projects/{project.Id}",
            NewProject(project.Name, 1.00m, version: project.Version)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("invalid_state", Code(problem));
    }

    [Fact]
    public async Task A_sibling_county_cannot_read_change_or_list_a_county_s_project_and_the_city_sees_both()
    {
        var yuxian = await CreateAsync(TestUsers.YuxianDepartmentFiler);
        var pingding = await CreateAsync(TestUsers.PingdingDepartmentFiler);

        await AssertStatus(await Get(TestUsers.PingdingDepartmentFiler, $"/api/projects/{yuxian.Id}"), HttpStatusCode.NotFound);
        await AssertStatus(await Get(TestUsers.PingdingPerformanceOfficer, $"/api/projects/{yuxian.Id}"), HttpStatusCode.NotFound);
        await AssertStatus(await Get(TestUsers.PingdingPerformanceOfficer, $"/api/projects/{yuxian.Id}/history"), HttpStatusCode.NotFound);
        await AssertStatus(await Put(TestUsers.PingdingDepartmentFiler, $"/api/projects/{yuxian.Id}",
            NewProject("改名", version: yuxian.Version)), HttpStatusCode.NotFound);
        await AssertStatus(await Post(TestUsers.PingdingPerformanceOfficer, $"/api/projects/{yuxian.Id}/return",
            new TransitionRequest("退回", null)), HttpStatusCode.NotFound);
        var pingdingList = await Read<PagedResult<ProjectDto>>(await Get(TestUsers.PingdingPerformanceOfficer, "/api/projects?pageSize=100&year=2027"));
        Assert.DoesNotContain(pingdingList.Items, p => p.Id == yuxian.Id);
        Assert.Contains(pingdingList.Items, p => p.Id == pingding.Id);
        var byRegion = await Read<PagedResult<ProjectDto>>(await Get(TestUsers.PingdingPerformanceOfficer, "/api/projects?regionCode=140322"));
        Assert.Empty(byRegion.Items);

        Assert.Equal(yuxian.Name, (await GetAsync(TestUsers.YangquanPerformanceOfficer, yuxian.Id)).Name);
        var city = await Read<PagedResult<ProjectDto>>(await Get(TestUsers.YangquanPerformanceOfficer, $"/api/projects?pageSize=100&q={Uri.EscapeDataString(yuxian.Name)}"));
        Assert.Equal([yuxian.Id], city.Items.Select(p => p.Id));
        var cityAll = await Read<PagedResult<ProjectDto>>(await Get(TestUsers.YangquanPerformanceOfficer, "/api/projects?pageSize=100&sort=-updatedAt"));
        Assert.Contains(cityAll.Items, p => p.Id == yuxian.Id);
        Assert.Contains(cityAll.Items, p => p.Id == pingding.Id);
        Assert.Equal("盂县", (await GetAsync(TestUsers.YangquanPerformanceOfficer, yuxian.Id)).RegionName);
        Assert.Equal(yuxian.Name, (await GetAsync(TestUsers.YuxianDepartmentFiler, yuxian.Id)).Name);
    }

    [Fact]
    public async Task Filers_see_only_their_department_s_projects_a_unit_only_its_own()
    {
        var school = await CreateAsync(TestUsers.YuxianUnitFiler);
        var education = await CreateAsync(TestUsers.YuxianDepartmentFiler);
        var health = await CreateAsync(TestUsers.YuxianHealthFiler);

        Assert.Equal(school.Id, (await GetAsync(TestUsers.YuxianDepartmentFiler, school.Id)).Id);
        await AssertStatus(await Get(TestUsers.YuxianUnitFiler, $"/api/projects/{education.Id}"), HttpStatusCode.NotFound);
        await AssertStatus(await Get(TestUsers.YuxianHealthFiler, $"/api/projects/{school.Id}"), HttpStatusCode.NotFound);
        await AssertStatus(await Put(TestUsers.YuxianHealthFiler, $"/api/projects/{education.Id}", NewProject(version: education.Version)), HttpStatusCode.NotFound);

        var healthList = await Read<PagedResult<ProjectDto>>(await Get(TestUsers.YuxianHealthFiler, "/api/projects?pageSize=100"));
        Assert.All(healthList.Items, p => Assert.Equal(TestUsers.YuxianHealth, p.DepartmentId));
        Assert.Contains(healthList.Items, p => p.Id == health.Id);
        var unitList = await Read<PagedResult<ProjectDto>>(await Get(TestUsers.YuxianUnitFiler, "/api/projects?pageSize=100"));
        Assert.All(unitList.Items, p => Assert.Equal(TestUsers.YuxianSchool, p.UnitId));
        Assert.Equal(school.Id, (await GetAsync(TestUsers.YuxianPerformanceOfficer, school.Id)).Id);
    }

    [Fact]
    public async Task Overseers_read_but_cannot_file_and_agency_staff_list_only_projects_that_need_an_ex_ante_assessment()
    {
        var project = await CreateAsync(TestUsers.YuxianDepartmentFiler);
        Assert.Equal(project.Id, (await GetAsync(TestUsers.YuxianOverseer, project.Id)).Id);
        await AssertStatus(await Post(TestUsers.YuxianOverseer, "/api/projects", NewProject()), HttpStatusCode.Forbidden);
        var agencyList = await Read<PagedResult<ProjectDto>>(await Get(TestUsers.AgencyStaff, "/api/projects?pageSize=100"));
        Assert.DoesNotContain(agencyList.Items, p => p.Id == project.Id);
        Assert.All(agencyList.Items, p => Assert.True(p.ExAnteRequired));
        // Agency staff see only projects that need an ex-ante assessment.
        await AssertStatus(await Get(TestUsers.AgencyStaff, $"/api/projects/{project.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_list_filters_pages_and_refuses_unknown_filters()
    {
        var name = Unique("筛选");
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(TestUsers.YuxianDepartmentFiler, NewProject($"{name}-{i}", amount: 1000m * (i + 1), isNew: i != 1));
        }
        var page = await Read<PagedResult<ProjectDto>>(await Get(TestUsers.YuxianDepartmentFiler,
            $"/api/projects?q={Uri.EscapeDataString(name)}&sort=-requestedAmount&page=1&pageSize=2"));
        Assert.Equal(3, page.Total);
        Assert.Equal([3000m, 2000m], page.Items.Select(p => p.RequestedAmount));
        var continuing = await Read<PagedResult<ProjectDto>>(await Get(TestUsers.YuxianDepartmentFiler,
            $"/api/projects?q={Uri.EscapeDataString(name)}&isNew=false&status=DRAFT&kind=project"));
        Assert.Equal([$"{name}-1"], continuing.Items.Select(p => p.Name));

        var problem = await Expect(await Get(TestUsers.YuxianDepartmentFiler, "/api/projects?status=LOST&sort=price&pageSize=1000"), HttpStatusCode.BadRequest);
        Assert.Contains("status", problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("sort", problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("pageSize", problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_openapi_document_names_every_endpoint()
    {
        using var client = Host.Factory.CreateClient();
        var document = await client.GetStringAsync("/openapi/v1.json", Ct);
        foreach (var operation in new[]
        {
            "GetProjects", "CreateProject", "GetProject", "UpdateProject", "GetProjectHistory", "SubmitProject", "ReturnProject",
            "BudgetProject", "ApproveProject", "GetExAnte", "SaveExAnte", "CompleteExAnte", "GetProjectRules", "SaveProjectRules",
            "GetReviewBatches", "CreateReviewBatch", "GetReviewBatch", "AddReviewItems", "DecideReviewItem", "CloseReviewBatch",
            "GetReviewReport", "ReceiveTargetSetApproved", "ReceiveTargetSetWithdrawn", "ReceiveResultApplied", "ExportProjects", "ImportProjects",
        })
        {
            Assert.Contains($"\"operationId\": \"{operation}\"", document);
        }
    }
}
