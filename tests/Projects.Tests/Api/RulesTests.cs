using System.Net;
using Platform.Contracts.Projects;

namespace Platform.Projects.Tests.Api;

/// <summary>Per-region rules, inherited from the nearest region above that has its own (its own database: rules are region-wide).</summary>
public class RulesTests(ProjectsHost host) : ProjectsApiTestBase(host), IClassFixture<ProjectsHost>
{
    [Fact]
    public async Task Regions_inherit_the_nearest_rules_above_them_and_submissions_follow_them()
    {
        var defaults = await Read<ProjectRulesDto>(await Get(TestUsers.YuxianDepartmentFiler, "/api/projects/rules/140322"));
        Assert.Equal(new ProjectRulesDto("140322", 3_000_000.00m, true, [ProjectKinds.Project, ProjectKinds.Policy], [], 85.00m, true, 0),
            defaults with { ExAnteKinds = defaults.ExAnteKinds.ToList(), ExAnteFundingSources = [] }, RulesComparer.Instance);

        // The city lowers the threshold to 100万 for all its counties and sets the pass mark at 80.
        var city = await Read<ProjectRulesDto>(await Put(TestUsers.YangquanPerformanceOfficer, "/api/projects/rules/140300",
            new ProjectRulesDto("140300", 1_000_000.00m, true, [ProjectKinds.Project], [], 80.00m, false, 0)));
        Assert.False(city.Inherited);
        Assert.NotEqual(0u, city.Version);

        var yuxian = await Read<ProjectRulesDto>(await Get(TestUsers.YuxianPerformanceOfficer, "/api/projects/rules/140322"));
        Assert.Equal((1_000_000.00m, 80.00m, true), (yuxian.ExAnteThreshold, yuxian.PassMark, yuxian.Inherited));
        // A county reads the rules of the city above it, which it works under.
        Assert.Equal(1_000_000.00m, (await Read<ProjectRulesDto>(await Get(TestUsers.YuxianDepartmentFiler, "/api/projects/rules/140300"))).ExAnteThreshold);

        var project = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject(amount: 1_000_000.00m));
        Assert.Equal(ProjectStates.PreAssessing, project.Status);
        var form = await Read<ExAnteAssessmentDto>(await Get(TestUsers.YuxianPerformanceOfficer, $"/api/projects/{project.Id}/ex-ante"));
        Assert.Equal(80.00m, form.PassMark);

        // 盂县 sets its own rules; a sibling county keeps the city's.
        await Read<ProjectRulesDto>(await Put(TestUsers.YuxianPerformanceOfficer, "/api/projects/rules/140322",
            new ProjectRulesDto("140322", 5_000_000.00m, false, [ProjectKinds.Project, ProjectKinds.Policy], ["一般公共预算"], 90.00m, false, 0)));
        var own = await Read<ProjectRulesDto>(await Get(TestUsers.YuxianPerformanceOfficer, "/api/projects/rules/140322"));
        Assert.Equal((5_000_000.00m, false, false, 90.00m), (own.ExAnteThreshold, own.ExAnteNewOnly, own.Inherited, own.PassMark));
        Assert.Equal(["一般公共预算"], own.ExAnteFundingSources);
        // (郊区 140311: no test in this class gives it rules of its own, unlike 平定县.)
        var sibling = await Read<ProjectRulesDto>(await Get(TestUsers.YangquanPerformanceOfficer, "/api/projects/rules/140311"));
        Assert.Equal((1_000_000.00m, true), (sibling.ExAnteThreshold, sibling.Inherited));

        // The assessment already under way keeps the pass mark it started with.
        Assert.Equal(80.00m, (await Read<ExAnteAssessmentDto>(await Get(TestUsers.YuxianPerformanceOfficer, $"/api/projects/{project.Id}/ex-ante"))).PassMark);
        var continuing = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject(amount: 5_000_000.00m, isNew: false));
        Assert.Equal(ProjectStates.PreAssessing, continuing.Status);
        var below = await SubmittedAsync(TestUsers.YuxianDepartmentFiler, NewProject(amount: 4_999_999.99m, isNew: false));
        Assert.Equal(ProjectStates.Reviewing, below.Status);
    }

    [Fact]
    public async Task Only_finance_staff_of_the_region_or_above_set_rules_with_the_version_they_read()
    {
        var body = new ProjectRulesDto("140321", 2_000_000.00m, true, [ProjectKinds.Project], [], 85.00m, false, 0);
        await AssertStatus(await Put(TestUsers.YuxianPerformanceOfficer, "/api/projects/rules/140321", body), HttpStatusCode.NotFound);
        await AssertStatus(await Put(TestUsers.YuxianPerformanceOfficer, "/api/projects/rules/140300", body), HttpStatusCode.NotFound);
        await AssertStatus(await Put(TestUsers.PingdingDepartmentFiler, "/api/projects/rules/140321", body), HttpStatusCode.Forbidden);

        var saved = await Read<ProjectRulesDto>(await Put(TestUsers.PingdingPerformanceOfficer, "/api/projects/rules/140321", body));
        var stale = await Expect(await Put(TestUsers.PingdingPerformanceOfficer, "/api/projects/rules/140321", body), HttpStatusCode.Conflict);
        Assert.Equal("version_conflict", Code(stale));
        await Read<ProjectRulesDto>(await Put(TestUsers.PingdingPerformanceOfficer, "/api/projects/rules/140321", body with { PassMark = 86m, Version = saved.Version }));
        var history = await Host.WithDbAsync(db => Task.FromResult(db.AuditEntries.Where(a => a.EntityType == "project-rules" && a.EntityId == "140321").OrderBy(a => a.Id).ToList()));
        Assert.Equal(2, history.Count);
        Assert.Contains("通过分数线85.00 → ", history[1].Comment);
    }

    [Theory]
    [InlineData("""{"exAnteThreshold":12.345,"exAnteNewOnly":true,"exAnteKinds":["project"],"exAnteFundingSources":[],"passMark":85,"version":0}""", "exAnteThreshold")]
    [InlineData("""{"exAnteThreshold":-1,"exAnteNewOnly":true,"exAnteKinds":["project"],"exAnteFundingSources":[],"passMark":85,"version":0}""", "exAnteThreshold")]
    [InlineData("""{"exAnteThreshold":100,"exAnteNewOnly":true,"exAnteKinds":["project"],"exAnteFundingSources":[],"passMark":100.01,"version":0}""", "passMark")]
    [InlineData("""{"exAnteThreshold":100,"exAnteNewOnly":true,"exAnteKinds":[],"exAnteFundingSources":[],"passMark":85,"version":0}""", "exAnteKinds")]
    [InlineData("""{"exAnteThreshold":"lots","exAnteNewOnly":true,"exAnteKinds":["project"],"exAnteFundingSources":[],"passMark":85,"version":0}""", "exAnteThreshold")]
    public async Task Malformed_rules_are_400s_naming_the_field(string json, string field)
    {
        var problem = await Expect(await Send(TestUsers.ProvincePerformanceOfficer, HttpMethod.Put, "/api/projects/rules/140400", json), HttpStatusCode.BadRequest);
        Assert.NotEmpty(FieldMessages(problem, field));
        var unchanged = await Read<ProjectRulesDto>(await Get(TestUsers.ProvincePerformanceOfficer, "/api/projects/rules/140400"));
        Assert.Equal((3_000_000.00m, 85.00m, true), (unchanged.ExAnteThreshold, unchanged.PassMark, unchanged.Inherited));
    }

    private sealed class RulesComparer : IEqualityComparer<ProjectRulesDto>
    {
        public static readonly RulesComparer Instance = new();

        public bool Equals(ProjectRulesDto? x, ProjectRulesDto? y) =>
            x is not null && y is not null && x.RegionCode == y.RegionCode && x.ExAnteThreshold == y.ExAnteThreshold
            && x.ExAnteNewOnly == y.ExAnteNewOnly && x.ExAnteKinds.SequenceEqual(y.ExAnteKinds)
            && x.ExAnteFundingSources.SequenceEqual(y.ExAnteFundingSources) && x.PassMark == y.PassMark
            && x.Inherited == y.Inherited && x.Version == y.Version;

        public int GetHashCode(ProjectRulesDto obj) => obj.RegionCode.GetHashCode();
    }
}
