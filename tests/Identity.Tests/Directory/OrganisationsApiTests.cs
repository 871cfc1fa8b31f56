using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Common;
using Platform.Contracts.Identity;
using Platform.Identity.Directory;

namespace Platform.Identity.Tests.Directory;

public sealed class OrganisationsApiTests(DirectoryHost host) : DirectoryApiTestBase(host), IClassFixture<DirectoryHost>
{
    [Fact]
    public async Task County_finance_staff_see_only_their_own_county()
    {
        var all = await ListAll("140322.budget-officer", "");

        Assert.Contains(all, o => o.Name == "盂县财政局");
        Assert.All(all, o => Assert.Equal("140322", o.RegionCode));
    }

    [Fact]
    public async Task County_user_reading_a_sibling_countys_organisations_gets_nothing()
    {
        var sibling = await Host.OrganisationAsync("平定县财政局");

        using var list = await Get("140322.budget-officer", "/api/identity/organisations?region=140321");
        using var single = await Get("140322.budget-officer", $"/api/identity/organisations/{sibling.Id}");

        var page = await Read<PagedResult<OrganisationDto>>(list);
        Assert.Equal(0, page.Total);
        Assert.Empty(page.Items);
        await AssertStatus(single, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task County_user_cannot_read_the_organisations_of_their_city()
    {
        var city = await Host.OrganisationAsync("阳泉市财政局");

        using var single = await Get("140322.region-admin", $"/api/identity/organisations/{city.Id}");

        await AssertStatus(single, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task City_staff_see_their_counties_and_zone_but_no_other_city()
    {
        var all = await ListAll("140300.performance-officer", "");

        Assert.All(all, o => Assert.StartsWith("1403", o.RegionCode, StringComparison.Ordinal));
        Assert.Contains(all, o => o.RegionCode == "140322");
        Assert.Contains(all, o => o.RegionCode == "140371");
    }

    [Fact]
    public async Task Region_filter_means_that_region_and_below()
    {
        var county = await ListAll("140000.performance-officer", "&region=140322");
        var city = await ListAll("140000.performance-officer", "&region=140400");

        Assert.All(county, o => Assert.Equal("140322", o.RegionCode));
        Assert.Contains(city, o => o.RegionCode == "140423");
        Assert.All(city, o => Assert.StartsWith("1404", o.RegionCode, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kind_and_name_filters_narrow_the_list()
    {
        var departments = await ListAll("140300.budget-officer", "&kind=department&q=教育");

        Assert.NotEmpty(departments);
        Assert.All(departments, o => Assert.True(o.Kind == OrganisationKinds.Department && o.Name.Contains("教育", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Organisation_shows_its_region_parent_and_user_count()
    {
        var school = await Host.OrganisationAsync("盂县第一中学");

        using var response = await Get("140322.budget-officer", $"/api/identity/organisations/{school.Id}");

        var dto = await Read<OrganisationDto>(response);
        Assert.Equal(("盂县", "盂县教育局", OrganisationKinds.Unit), (dto.RegionName, dto.ParentName, dto.Kind));
        Assert.True(dto.UserCount >= 1);
    }

    [Fact]
    public async Task Pages_do_not_overlap_and_report_the_same_total()
    {
        using var first = await Get("140000.budget-officer", "/api/identity/organisations?pageSize=5&page=1");
        using var second = await Get("140000.budget-officer", "/api/identity/organisations?pageSize=5&page=2");

        var one = await Read<PagedResult<OrganisationDto>>(first);
        var two = await Read<PagedResult<OrganisationDto>>(second);
        Assert.Equal((5, 5, 2), (one.Items.Count, two.Items.Count, two.Page));
        Assert.True(one.Total > 10);
        Assert.Empty(one.Items.Select(o => o.Id).Intersect(two.Items.Select(o => o.Id)));
    }

    [Theory]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task Paging_outside_its_range_is_a_400(string query, string field)
    {
        using var response = await Get("140000.budget-officer", $"/api/identity/organisations?{query}");

        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.NotEmpty(FieldMessages(problem, field));
    }

    [Fact]
    public async Task Overseers_may_read_organisations_and_filers_may_not()
    {
        using var overseer = await Get("140300.overseer", "/api/identity/organisations");
        using var filer = await Get("140322.unit-filer", "/api/identity/organisations");

        await AssertStatus(overseer, HttpStatusCode.OK);
        await AssertStatus(filer, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Services_read_organisations_of_every_region()
    {
        using var client = Host.ServiceClient();
        using var response = await client.GetAsync("/api/identity/organisations?region=140423", Ct);

        Assert.NotEmpty((await Read<PagedResult<OrganisationDto>>(response)).Items);
    }

    [Fact]
    public async Task County_administrator_creates_an_organisation_in_their_county_and_it_is_audited()
    {
        var department = await Host.OrganisationAsync("盂县教育局");
        var name = Unique("盂县测试小学");

        using var response = await Post("140322.region-admin", "/api/identity/organisations",
            new SaveOrganisationRequest(name, OrganisationKinds.Unit, "140322", department.Id, "12140322MB1234567X"));

        await AssertStatus(response, HttpStatusCode.Created);
        var created = await Read<OrganisationDto>(response);
        Assert.Equal((name, "盂县教育局", 0, true), (created.Name, created.ParentName, created.UserCount, created.IsActive));
        Assert.Equal($"/api/identity/organisations/{created.Id}", response.Headers.Location?.OriginalString);
        var audit = Assert.Single(await Host.AuditOfAsync(DirectoryAudit.OrganisationEntity, created.Id.ToString()));
        var admin = await Host.UserAsync("140322.region-admin");
        Assert.Equal((null, DirectoryAudit.Active, admin.Id.ToString(), "140322"), (audit.FromState, audit.ToState, audit.ActorId, audit.RegionCode));
        Assert.Equal(admin.OrganisationId.ToString(), audit.OrganisationId);
    }

    [Fact]
    public async Task County_administrator_cannot_create_an_organisation_in_a_sibling_county()
    {
        var name = Unique("平定县测试单位");

        using var response = await Post("140322.region-admin", "/api/identity/organisations",
            new SaveOrganisationRequest(name, OrganisationKinds.Unit, "140321", null, null));

        await AssertStatus(response, HttpStatusCode.Forbidden);
        Assert.False(await Host.WithDbAsync((db, _) => db.Organisations.AnyAsync(o => o.Name == name, Ct)));
    }

    [Fact]
    public async Task City_administrator_cannot_create_an_organisation_at_the_province()
    {
        using var response = await Post("140300.region-admin", "/api/identity/organisations",
            new SaveOrganisationRequest(Unique("山西省测试机构"), OrganisationKinds.Department, "140000", null, null));

        await AssertStatus(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Name_already_used_in_the_region_is_a_conflict()
    {
        using var response = await Post("140322.region-admin", "/api/identity/organisations",
            new SaveOrganisationRequest("盂县财政局", OrganisationKinds.FinanceBureau, "140322", null, null));

        var problem = await Problem(response, HttpStatusCode.Conflict);
        Assert.NotEmpty(FieldMessages(problem, "name"));
    }

    [Fact]
    public async Task Missing_name_and_unknown_kind_are_400_field_errors_in_chinese()
    {
        using var response = await Post("140322.region-admin", "/api/identity/organisations",
            new SaveOrganisationRequest(" ", "ministry", "140322", null, "bad"));

        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.Equal("机构名称不能为空", FieldMessages(problem, "name")[0]);
        Assert.StartsWith("机构类型只能是", FieldMessages(problem, "kind")[0], StringComparison.Ordinal);
        Assert.NotEmpty(FieldMessages(problem, "creditCode"));
    }

    [Fact]
    public async Task Parent_in_another_region_is_a_422()
    {
        var cityBureau = await Host.OrganisationAsync("阳泉市财政局");

        using var response = await Post("140300.region-admin", "/api/identity/organisations",
            new SaveOrganisationRequest(Unique("盂县测试科"), OrganisationKinds.BusinessOffice, "140322", cityBureau.Id, null));

        var problem = await Problem(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("上级机构应与本机构在同一区划", FieldMessages(problem, "parentId")[0]);
    }

    [Fact]
    public async Task Renaming_is_saved_and_audited_from_and_to()
    {
        var id = await CreateIn("140322", Unique("盂县改名前"));
        var renamed = Unique("盂县改名后");

        using var response = await Put("140322.region-admin", $"/api/identity/organisations/{id}",
            new SaveOrganisationRequest(renamed, OrganisationKinds.Department, "140322", null, null, IsActive: false));

        await AssertStatus(response, HttpStatusCode.OK);
        Assert.Equal((renamed, false), ((await Read<OrganisationDto>(response)).Name, (await Host.OrganisationAsync(renamed)).IsActive));
        var audit = (await Host.AuditOfAsync(DirectoryAudit.OrganisationEntity, id.ToString())).Last();
        Assert.Equal((DirectoryAudit.Active, DirectoryAudit.Inactive), (audit.FromState, audit.ToState));
        Assert.Contains(renamed, audit.Comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updating_a_sibling_countys_organisation_is_not_found()
    {
        var id = await CreateIn("140321", Unique("平定县待改"));

        using var response = await Put("140322.region-admin", $"/api/identity/organisations/{id}",
            new SaveOrganisationRequest("被改名", OrganisationKinds.Department, "140321", null, null));

        await AssertStatus(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Moving_an_organisation_into_a_sibling_county_is_forbidden()
    {
        var name = Unique("盂县待迁");
        var id = await CreateIn("140322", name);

        using var response = await Put("140322.region-admin", $"/api/identity/organisations/{id}",
            new SaveOrganisationRequest(name, OrganisationKinds.Department, "140321", null, null));

        await AssertStatus(response, HttpStatusCode.Forbidden);
        Assert.Equal("140322", (await Host.OrganisationAsync(name)).RegionCode);
    }

    [Fact]
    public async Task Finance_staff_who_are_not_administrators_cannot_create_organisations()
    {
        using var response = await Post("140322.budget-officer", "/api/identity/organisations",
            new SaveOrganisationRequest(Unique("盂县测试"), OrganisationKinds.Department, "140322", null, null));

        await AssertStatus(response, HttpStatusCode.Forbidden);
    }

    private async Task<Guid> CreateIn(string region, string name)
    {
        using var response = await Post("140000.platform-operator", "/api/identity/organisations",
            new SaveOrganisationRequest(name, OrganisationKinds.Department, region, null, null));
        await AssertStatus(response, HttpStatusCode.Created);
        return (await Read<OrganisationDto>(response)).Id;
    }

    private async Task<List<OrganisationDto>> ListAll(string userName, string query)
    {
        var all = new List<OrganisationDto>();
        for (var page = 1; ; page++)
        {
            using var response = await Get(userName, $"/api/identity/organisations?pageSize=100&page={page}{query}");
            await AssertStatus(response, HttpStatusCode.OK);
            var result = await Read<PagedResult<OrganisationDto>>(response);
            all.AddRange(result.Items);
            if (all.Count >= result.Total || result.Items.Count == 0)
            {
                return all;
            }
        }
    }
}
