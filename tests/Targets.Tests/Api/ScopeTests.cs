using System.Net;
using Platform.Contracts.Common;
using Platform.Contracts.Targets;

namespace Platform.Targets.Tests.Api;

public sealed class ScopeTests(TargetsHost host) : ApiTestBase(host), IClassFixture<TargetsHost>
{
    private async Task<List<Guid>> List(string user, string query = "") =>
        [.. (await Read<PagedResult<TargetSetSummaryDto>>(await Get(user, $"/api/targets/sets?pageSize=100{query}"), HttpStatusCode.OK)).Items.Select(s => s.Id)];

    [Fact]
    public async Task A_county_cannot_read_or_change_a_sibling_countys_set_by_id_or_list()
    {
        var pingding = await Host.SeedSetAsync("140321.unit-filer", "FIN_REVIEW");
        var yuxian = await Host.SeedSetAsync("140322.unit-filer", "FIN_REVIEW");

        await Expect(await Get("140322.performance-officer", $"/api/targets/sets/{pingding.Id}"), HttpStatusCode.NotFound);
        await Expect(await Get("140322.performance-officer", $"/api/targets/sets/{pingding.Id}/history"), HttpStatusCode.NotFound);
        await Expect(await Post("140322.performance-officer", $"/api/targets/sets/{pingding.Id}/review", new ReviewDecisionRequest("approve", null, null, null)), HttpStatusCode.NotFound);
        var bulk = await Read<BulkReviewResultDto>(await Post("140322.performance-officer", "/api/targets/sets/bulk-review",
            new BulkReviewRequest([pingding.Id], "approve", null)), HttpStatusCode.OK);
        Assert.Equal(("not_found", 0), (Assert.Single(bulk.Failed).Code, bulk.Succeeded));

        var county = await List("140322.performance-officer");
        var countyAskingForSibling = await List("140322.performance-officer", "&regionCode=140321");
        Assert.Contains(yuxian.Id, county);
        Assert.DoesNotContain(pingding.Id, county);
        Assert.Empty(countyAskingForSibling);
        Assert.Equal("FIN_REVIEW", (await Fetch("140321.performance-officer", pingding.Id)).Status);
    }

    [Fact]
    public async Task A_city_sees_the_sets_of_both_counties_but_reviews_only_its_own()
    {
        var pingding = await Host.SeedSetAsync("140321.unit-filer", "DEPT_REVIEWED");
        var yuxian = await Host.SeedSetAsync("140322.unit-filer", "DEPT_REVIEWED");

        var city = await List("140300.business-reviewer");
        var onlyYuxian = await List("140300.business-reviewer", "&regionCode=140322");

        Assert.Contains(pingding.Id, city);
        Assert.Contains(yuxian.Id, city);
        Assert.Contains(yuxian.Id, onlyYuxian);
        Assert.DoesNotContain(pingding.Id, onlyYuxian);
        await Expect(await Get("140300.business-reviewer", $"/api/targets/sets/{pingding.Id}"), HttpStatusCode.OK);
        await Expect(await Post("140300.business-reviewer", $"/api/targets/sets/{yuxian.Id}/review", new ReviewDecisionRequest("approve", null, null, null)), HttpStatusCode.Forbidden);
        Assert.DoesNotContain(yuxian.Id, await List("140400.business-reviewer"));
    }

    [Fact]
    public async Task Filers_see_their_own_department_or_unit_only()
    {
        var school = await Host.SeedSetAsync("140322.unit-filer", "DRAFT");
        var department = await Host.SeedSetAsync("140322.department-filer", "DRAFT");
        var otherDepartment = await Host.SeedSetAsync("140322.department-filer.盂县农业农村局", "DRAFT");

        var unitSees = await List("140322.unit-filer");
        var departmentSees = await List("140322.department-filer");

        Assert.Contains(school.Id, unitSees);
        Assert.DoesNotContain(department.Id, unitSees);
        Assert.Contains(school.Id, departmentSees);
        Assert.Contains(department.Id, departmentSees);
        Assert.DoesNotContain(otherDepartment.Id, departmentSees);
        await Expect(await Get("140322.department-filer", $"/api/targets/sets/{otherDepartment.Id}"), HttpStatusCode.NotFound);
        await Expect(await Put("140322.department-filer", $"/api/targets/sets/{otherDepartment.Id}",
            new SaveTargetSetRequest(null, null, "改名", null, null, null, null, null, otherDepartment.Version)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Overseers_read_key_sets_from_approval_on_and_published_sets_only()
    {
        var keyApproved = await Host.SeedSetAsync("140322.unit-filer", "APPROVED", isKey: true);
        var keyDraft = await Host.SeedSetAsync("140322.unit-filer", "FIN_REVIEW", isKey: true);
        var published = await Host.SeedSetAsync("140322.unit-filer", "PUBLISHED");
        var approved = await Host.SeedSetAsync("140322.unit-filer", "APPROVED");

        var seen = await List("140300.overseer");

        Assert.Contains(keyApproved.Id, seen);
        Assert.Contains(published.Id, seen);
        Assert.DoesNotContain(keyDraft.Id, seen);
        Assert.DoesNotContain(approved.Id, seen);
        await Expect(await Post("140300.overseer", $"/api/targets/sets/{keyApproved.Id}/publish", new TargetSetTransitionRequest(null, null)), HttpStatusCode.Forbidden);
        await Expect(await Get("140000.agency-staff", "/api/targets/sets"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_key_package_gathers_key_sets_from_approval_on_as_json_and_xlsx()
    {
        var key = await Host.SeedSetAsync("140322.unit-filer", "ISSUED", isKey: true, year: 2031);
        await Host.SeedSetAsync("140322.unit-filer", "SUBMITTED", isKey: true, year: 2031);
        await Host.SeedSetAsync("140322.unit-filer", "ISSUED", year: 2031);

        var package = await Read<KeyPackageDto>(await Get("140300.overseer", "/api/targets/key-package?year=2031&regionCode=140322"), HttpStatusCode.OK);
        var xlsx = await Get("140322.performance-officer", "/api/targets/key-package.xlsx?year=2031");
        var foreign = await Get("140322.performance-officer", "/api/targets/key-package?year=2031&regionCode=140321");

        Assert.Equal([key.Id], package.Sets.Select(s => s.Id));
        Assert.Equal(1_000_000m, package.TotalAmount);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        Assert.Equal("out_of_scope", Code(await Expect(foreign, HttpStatusCode.Forbidden)));
        await Expect(await Get("140322.unit-filer", "/api/targets/key-package?year=2031"), HttpStatusCode.Forbidden);
    }
}
