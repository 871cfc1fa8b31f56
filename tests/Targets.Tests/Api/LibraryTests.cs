using System.Net;
using Platform.Contracts.Common;
using Platform.Contracts.Targets;

namespace Platform.Targets.Tests.Api;

public abstract class LibraryTestsBase(TargetsHost host) : ApiTestBase(host)
{
    protected static SaveLibraryEntryRequest Entry(string name, string scope = "specific", string? explanation = null, uint? version = null) =>
        new(scope, scope == "specific" ? "教育" : null, null, null, "output", "quantity", name, "quantitative", ">=", 1000m, "人次", "positive",
            explanation ?? $"{name}的统计口径", "财政部共性指标框架", "数量", version);

    protected async Task<LibraryEntryDto> CreateEntry(string user, SaveLibraryEntryRequest request) =>
        await Read<LibraryEntryDto>(await Post(user, "/api/targets/library", request), HttpStatusCode.Created);

    protected async Task<LibraryEntryDto> Advance(string user, Guid id) =>
        await Read<LibraryEntryDto>(await Post(user, $"/api/targets/library/{id}/advance", new LibraryTransitionRequest(null, null)), HttpStatusCode.OK);

    /// <summary>A specific entry of 盂县教育局 carried to PUBLISHED.</summary>
    protected async Task<LibraryEntryDto> Published(string name, string? explanation = null)
    {
        var entry = await CreateEntry("140322.department-filer", Entry(name, explanation: explanation));
        await Advance("140322.department-filer", entry.Id);
        await Advance("140300.expert", entry.Id);
        return await Advance("140322.performance-officer", entry.Id);
    }

    protected async Task<PagedResult<LibraryEntryDto>> Search(string user, string query) =>
        await Read<PagedResult<LibraryEntryDto>>(await Get(user, $"/api/targets/library?pageSize=100&{query}"), HttpStatusCode.OK);
}

public sealed class LibraryTests(TargetsHost host) : LibraryTestsBase(host), IClassFixture<TargetsHost>
{
    [Fact]
    public async Task An_entry_moves_from_draft_through_department_and_expert_to_published_by_the_right_roles()
    {
        var entry = await CreateEntry("140322.department-filer", Entry("教师培训覆盖人次"));
        Assert.Equal(("DRAFT", 1, "140322"), (entry.Status, entry.EntryVersion, entry.RegionCode));
        Assert.Equal(TestUsers.Get("140322.department-filer").OrganisationId, entry.DepartmentId);
        Assert.StartsWith("ZB140322", entry.Code);

        await Expect(await Post("140322.performance-officer", $"/api/targets/library/{entry.Id}/advance", new LibraryTransitionRequest(null, null)), HttpStatusCode.Forbidden);
        Assert.Equal("DEPT_CONFIRMED", (await Advance("140322.department-filer", entry.Id)).Status);
        var edit = await Put("140322.department-filer", $"/api/targets/library/{entry.Id}", Entry("改名", version: entry.Version));
        Assert.Equal("invalid_state", Code(await Expect(edit, HttpStatusCode.Conflict)));
        await Expect(await Post("140322.performance-officer", $"/api/targets/library/{entry.Id}/advance", new LibraryTransitionRequest(null, null)), HttpStatusCode.Forbidden);
        Assert.Equal("EXPERT_APPROVED", (await Advance("140300.expert", entry.Id)).Status);
        Assert.Equal("PUBLISHED", (await Advance("140322.performance-officer", entry.Id)).Status);
    }

    [Fact]
    public async Task Editing_a_published_entry_drafts_version_2_which_replaces_version_1_when_published()
    {
        var v1 = await Published("义务教育巩固率");

        var v2 = await Read<LibraryEntryDto>(await Put("140322.department-filer", $"/api/targets/library/{v1.Id}",
            Entry("义务教育巩固率", explanation: "九年义务教育巩固率（修订口径）", version: v1.Version)), HttpStatusCode.OK);

        Assert.Equal((v1.Code, 2, "DRAFT"), (v2.Code, v2.EntryVersion, v2.Status));
        Assert.NotEqual(v1.Id, v2.Id);
        var again = await Put("140322.department-filer", $"/api/targets/library/{v1.Id}", Entry("义务教育巩固率", version: v1.Version));
        Assert.Equal("new_version_exists", Code(await Expect(again, HttpStatusCode.Conflict)));

        await Advance("140322.department-filer", v2.Id);
        await Advance("140300.expert", v2.Id);
        await Advance("140322.performance-officer", v2.Id);

        var versions = (await Search("140322.performance-officer", "q=义务教育巩固率")).Items;
        Assert.Equal([(1, "RETIRED"), (2, "PUBLISHED")], versions.OrderBy(e => e.EntryVersion).Select(e => (e.EntryVersion, e.Status)));
    }

    [Fact]
    public async Task Search_finds_by_name_or_explanation_and_a_county_sees_its_citys_published_entries_only()
    {
        var own = await Published("学生资助覆盖率", "建档立卡学生资助应助尽助");
        var city = await CreateEntry("140300.performance-officer", Entry("城市公共交通准点率", scope: "common", explanation: "公交车辆准点到站比例"));
        await Advance("140300.performance-officer", city.Id);
        await Advance("140300.expert", city.Id);
        var cityPublished = await Advance("140300.performance-officer", city.Id);
        var cityDraft = await CreateEntry("140300.performance-officer", Entry("城市道路完好率", scope: "common"));
        var sibling = await CreateEntry("140321.department-filer", Entry("平定县校车安全", explanation: "应助尽助"));

        var byExplanation = await Search("140322.unit-filer", "q=应助尽助");
        var countyAll = await Search("140322.unit-filer", "q=城市");
        var published = await Search("140322.unit-filer", "status=PUBLISHED&q=准点");

        Assert.Equal([own.Id], byExplanation.Items.Select(e => e.Id));
        Assert.Equal([cityPublished.Id], countyAll.Items.Select(e => e.Id));
        Assert.Equal([cityPublished.Id], published.Items.Select(e => e.Id));
        await Expect(await Get("140322.unit-filer", $"/api/targets/library/{cityDraft.Id}"), HttpStatusCode.NotFound);
        await Expect(await Get("140322.unit-filer", $"/api/targets/library/{sibling.Id}"), HttpStatusCode.NotFound);
        // Entries of the city are not the county's to change.
        await Expect(await Post("140322.performance-officer", $"/api/targets/library/{cityPublished.Id}/retire", new LibraryTransitionRequest(null, null)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_cached_published_library_shows_a_newly_published_or_retired_entry_at_once()
    {
        var first = await Published("校舍安全达标率");
        var before = await Search("140322.unit-filer", "status=PUBLISHED");
        Assert.Contains(first.Id, before.Items.Select(e => e.Id));

        var second = await Published("校舍维修及时率");
        await Expect(await Post("140322.performance-officer", $"/api/targets/library/{first.Id}/retire", new LibraryTransitionRequest("口径过时", null)), HttpStatusCode.OK);
        var after = await Search("140322.unit-filer", "status=PUBLISHED");

        Assert.Contains(second.Id, after.Items.Select(e => e.Id));
        Assert.DoesNotContain(first.Id, after.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task Malformed_entries_are_refused_with_field_errors()
    {
        var response = await Post("140322.department-filer", "/api/targets/library",
            Entry("指标") with { Level2 = "social", ValueKind = "numeric" });

        var problem = await Expect(response, HttpStatusCode.BadRequest);
        Assert.Equal(["invalid_level2"], FieldCodes(problem, "level2"));
        Assert.Equal(["invalid_value_kind"], FieldCodes(problem, "valueKind"));
        await Expect(await Post("140322.unit-filer", "/api/targets/library", Entry("单位不能建")), HttpStatusCode.Forbidden);
    }
}

public sealed class LibraryWithoutRedisTests(TargetsWithoutRedisHost host) : LibraryTestsBase(host), IClassFixture<TargetsWithoutRedisHost>
{
    [Fact]
    public async Task The_published_library_is_served_from_the_database_when_redis_is_down()
    {
        var entry = await Published("营养餐供餐天数");

        var published = await Search("140322.unit-filer", "status=PUBLISHED");

        Assert.Contains(entry.Id, published.Items.Select(e => e.Id));
    }
}
