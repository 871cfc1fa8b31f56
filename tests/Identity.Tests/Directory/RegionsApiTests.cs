using System.Net;
using Platform.Contracts.Identity;
using Platform.Identity.Directory;

namespace Platform.Identity.Tests.Directory;

public sealed class RegionsApiTests(DirectoryHost host) : DirectoryApiTestBase(host), IClassFixture<DirectoryHost>
{
    [Fact]
    public async Task Province_administrator_gets_the_whole_tree()
    {
        using var response = await Get("140000.region-admin", "/api/identity/regions");

        var root = Assert.Single(await Read<List<RegionDto>>(response));
        Assert.Equal(("140000", RegionLevels.Province), (root.Code, root.Level));
        Assert.Equal(["140300", "140400"], root.Children.Select(c => c.Code));
        var yangquan = root.Children[0];
        Assert.Contains(yangquan.Children, c => c is { Code: "140371", Level: RegionLevels.Zone, IsLocalCode: true });
        Assert.Contains(yangquan.Children, c => c is { Code: "140322", Name: "盂县", Level: RegionLevels.County });
    }

    [Fact]
    public async Task City_staff_see_their_city_as_the_root_and_not_the_other_city()
    {
        using var response = await Get("140300.budget-officer", "/api/identity/regions");

        var root = Assert.Single(await Read<List<RegionDto>>(response));
        Assert.Equal("140300", root.Code);
        Assert.All(root.Children, c => Assert.StartsWith("1403", c.Code, StringComparison.Ordinal));
        Assert.Contains(root.Children, c => c.Code == "140371");
    }

    [Fact]
    public async Task County_staff_flat_list_holds_only_their_county()
    {
        using var response = await Get("140322.performance-officer", "/api/identity/regions?flat=true");

        var region = Assert.Single(await Read<List<RegionDto>>(response));
        Assert.Equal(("140322", "140300"), (region.Code, region.ParentCode));
    }

    [Fact]
    public async Task Filers_may_not_read_the_region_tree()
    {
        using var response = await Get("140322.unit-filer", "/api/identity/regions");

        await AssertStatus(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task City_administrator_adds_a_development_zone_with_a_local_code()
    {
        const string code = "140372";
        using var created = await Post("140300.region-admin", "/api/identity/regions",
            new CreateRegionRequest(code, $"测试开发区{code}", RegionLevels.Zone, "140300", IsLocalCode: true));

        await AssertStatus(created, HttpStatusCode.Created);
        var region = await Read<RegionDto>(created);
        Assert.Equal((code, "140300", RegionLevels.Zone, true), (region.Code, region.ParentCode, region.Level, region.IsLocalCode));
        using var tree = await Get("140300.region-admin", "/api/identity/regions?flat=true");
        Assert.Contains(await Read<List<RegionDto>>(tree), r => r.Code == code);
        var audit = Assert.Single(await Host.AuditOfAsync(DirectoryAudit.RegionEntity, code));
        Assert.Equal((DirectoryAudit.Created, "140300", "阳泉市系统管理员"), (audit.ToState, audit.RegionCode, audit.ActorName));
    }

    [Theory]
    [InlineData("140472", RegionLevels.Zone, "140300", "code")]   // not under 1403
    [InlineData("140399", RegionLevels.Zone, "140000", "level")]  // a zone under the province
    [InlineData("140500", RegionLevels.County, "140000", "level")]  // a province has cities below it
    [InlineData("140380", RegionLevels.City, "140300", "level")]  // a city under a city
    [InlineData("140398", RegionLevels.County, "140300", "isLocalCode")] // only zones have local codes
    public async Task Misplaced_regions_are_refused_with_a_field_error(string code, string level, string parent, string field)
    {
        using var response = await Post("140000.platform-operator", "/api/identity/regions",
            new CreateRegionRequest(code, "错位的区划", level, parent, IsLocalCode: field == "isLocalCode"));

        var problem = await Problem(response, HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(FieldMessages(problem, field));
    }

    [Fact]
    public async Task County_administrator_cannot_add_anything_below_a_county()
    {
        using var response = await Post("140322.region-admin", "/api/identity/regions",
            new CreateRegionRequest("140323", "测试乡", RegionLevels.County, "140322", false));

        var problem = await Problem(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("不能再设下级区划", FieldMessages(problem, "parentCode")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task City_administrator_cannot_add_under_another_city()
    {
        using var response = await Post("140300.region-admin", "/api/identity/regions",
            new CreateRegionRequest("140471", "长治测试区", RegionLevels.Zone, "140400", true));

        var problem = await Problem(response, HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(FieldMessages(problem, "parentCode"));
        Assert.Null(await Host.WithDbAsync((db, _) => db.Regions.FindAsync(["140471"], Ct).AsTask()));
    }

    [Fact]
    public async Task Existing_code_is_a_conflict()
    {
        using var response = await Post("140300.region-admin", "/api/identity/regions",
            new CreateRegionRequest("140371", "重复的开发区", RegionLevels.Zone, "140300", true));

        var problem = await Problem(response, HttpStatusCode.Conflict);
        Assert.NotEmpty(FieldMessages(problem, "code"));
    }

    [Fact]
    public async Task Malformed_code_is_a_400_in_chinese()
    {
        using var response = await Post("140300.region-admin", "/api/identity/regions",
            new CreateRegionRequest("14037A", "", RegionLevels.Zone, "140300", true));

        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.Equal("区划代码格式不正确，应为6位数字", FieldMessages(problem, "code")[0]);
        Assert.Equal("区划名称不能为空", FieldMessages(problem, "name")[0]);
    }

    [Fact]
    public async Task Finance_staff_who_are_not_administrators_cannot_add_regions()
    {
        using var response = await Post("140300.budget-officer", "/api/identity/regions",
            new CreateRegionRequest("140397", "测试区", RegionLevels.Zone, "140300", true));

        await AssertStatus(response, HttpStatusCode.Forbidden);
    }
}
