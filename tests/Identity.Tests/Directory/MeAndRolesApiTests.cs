using System.Net;
using Platform.Contracts.Identity;

namespace Platform.Identity.Tests.Directory;

public sealed class MeAndRolesApiTests(DirectoryHost host) : DirectoryApiTestBase(host), IClassFixture<DirectoryHost>
{
    [Fact]
    public async Task Me_shows_the_callers_organisation_region_and_roles()
    {
        using var response = await Get("140322.unit-filer", "/api/identity/me");

        var me = await Read<MeDto>(response);
        Assert.Equal(("140322.unit-filer", "盂县单位填报员"), (me.UserName, me.DisplayName));
        Assert.Equal(("盂县第一中学", OrganisationKinds.Unit), (me.OrganisationName, me.OrganisationKind));
        Assert.Equal(("140322", "盂县", RegionLevels.County), (me.RegionCode, me.RegionName, me.RegionLevel));
        Assert.Equal([PlatformRoles.UnitFiler], me.Roles);
    }

    [Fact]
    public async Task Me_is_not_found_for_a_service_token()
    {
        using var client = Host.ServiceClient();
        using var response = await client.GetAsync("/api/identity/me", Ct);

        await AssertStatus(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Directory_needs_a_token()
    {
        using var client = Host.Factory.CreateClient();
        using var response = await client.GetAsync("/api/identity/me", Ct);

        await AssertStatus(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Region_administrator_may_grant_every_role_but_platform_operator()
    {
        using var response = await Get("140300.region-admin", "/api/identity/roles");

        var roles = await Read<List<RoleDto>>(response);
        Assert.Equal(PlatformRoles.All, roles.Select(r => r.Code));
        Assert.Equal([PlatformRoles.PlatformOperator], roles.Where(r => !r.Grantable).Select(r => r.Code));
        Assert.Equal("区划管理员", roles.Single(r => r.Code == PlatformRoles.RegionAdmin).Name);
    }

    [Fact]
    public async Task Users_who_administer_nobody_may_grant_no_role()
    {
        using var response = await Get("140322.budget-officer", "/api/identity/roles");

        Assert.All(await Read<List<RoleDto>>(response), r => Assert.False(r.Grantable));
    }

    [Fact]
    public async Task OpenApi_document_describes_the_directory_endpoints()
    {
        using var client = Host.Factory.CreateClient();
        var document = await client.GetStringAsync("/openapi/v1.json", Ct);

        Assert.Contains("\"/api/identity/users/{id}/reset-password\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/identity/organisations/{id}\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/identity/regions\"", document, StringComparison.Ordinal);
    }
}
