using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Common;
using Platform.Contracts.Identity;
using Platform.Identity.Directory;

namespace Platform.Identity.Tests.Directory;

public sealed class UsersApiTests(DirectoryHost host) : DirectoryApiTestBase(host), IClassFixture<DirectoryHost>
{
    [Fact]
    public async Task City_administrator_creates_a_county_user_with_a_one_time_password()
    {
        var school = await Host.OrganisationAsync("盂县第一中学");
        var userName = Unique("teacher");

        using var response = await Post("140300.region-admin", "/api/identity/users",
            new CreateUserRequest(userName, "王老师", "wang@example.gov.cn", "0353-1234567", school.Id, [PlatformRoles.UnitFiler]));

        await AssertStatus(response, HttpStatusCode.Created);
        var created = await Read<OneTimePasswordResponse>(response);
        Assert.Equal((userName, "盂县第一中学", "140322", "盂县"), (created.User.UserName, created.User.OrganisationName, created.User.RegionCode, created.User.RegionName));
        Assert.Equal([PlatformRoles.UnitFiler], created.User.Roles);
        Assert.True(created.User.MustChangePassword);
        var works = await Host.WithDbAsync(async (db, users) =>
            await users.CheckPasswordAsync(await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(), created.OneTimePassword));
        Assert.True(works);
        var audit = Assert.Single(await Host.AuditOfAsync(DirectoryAudit.UserEntity, created.User.Id.ToString()));
        Assert.Equal((null, DirectoryAudit.Active, "阳泉市系统管理员"), (audit.FromState, audit.ToState, audit.ActorName));
    }

    [Fact]
    public async Task Region_administrator_cannot_create_a_user_above_their_level()
    {
        var provinceBureau = await Host.OrganisationAsync("山西省财政厅");
        var userName = Unique("above");

        using var response = await Post("140300.region-admin", "/api/identity/users",
            new CreateUserRequest(userName, "越级用户", null, null, provinceBureau.Id, [PlatformRoles.BudgetOfficer]));

        await AssertStatus(response, HttpStatusCode.Forbidden);
        Assert.Null(await Host.WithDbAsync((_, users) => users.FindByNameAsync(userName)));
    }

    [Theory]
    [InlineData("140300.region-admin", "长治市财政局")]
    [InlineData("140322.region-admin", "平定县财政局")]
    public async Task Region_administrator_cannot_create_a_user_in_a_sibling_region(string admin, string organisation)
    {
        var target = await Host.OrganisationAsync(organisation);
        var userName = Unique("sibling");

        using var response = await Post(admin, "/api/identity/users",
            new CreateUserRequest(userName, "跨区用户", null, null, target.Id, [PlatformRoles.BudgetOfficer]));

        await AssertStatus(response, HttpStatusCode.Forbidden);
        Assert.Null(await Host.WithDbAsync((_, users) => users.FindByNameAsync(userName)));
    }

    [Fact]
    public async Task Region_administrator_cannot_grant_platform_operator()
    {
        var bureau = await Host.OrganisationAsync("山西省财政厅");
        var userName = Unique("operator");

        using var response = await Post("140000.region-admin", "/api/identity/users",
            new CreateUserRequest(userName, "假运维", null, null, bureau.Id, [PlatformRoles.BudgetOfficer, PlatformRoles.PlatformOperator]));

        var problem = await Problem(response, HttpStatusCode.Forbidden);
        Assert.Contains("平台运维", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await Host.WithDbAsync((_, users) => users.FindByNameAsync(userName)));
    }

    [Fact]
    public async Task Platform_operator_may_grant_platform_operator()
    {
        var bureau = await Host.OrganisationAsync("山西省财政厅");

        using var response = await Post("140000.platform-operator", "/api/identity/users",
            new CreateUserRequest(Unique("operator"), "新运维", null, null, bureau.Id, [PlatformRoles.PlatformOperator]));

        await AssertStatus(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Finance_staff_who_are_not_administrators_cannot_create_users()
    {
        var bureau = await Host.OrganisationAsync("盂县财政局");

        using var response = await Post("140322.budget-officer", "/api/identity/users",
            new CreateUserRequest(Unique("nope"), "无权创建", null, null, bureau.Id, [PlatformRoles.UnitFiler]));

        await AssertStatus(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Taken_user_name_is_a_conflict()
    {
        var bureau = await Host.OrganisationAsync("盂县财政局");

        using var response = await Post("140322.region-admin", "/api/identity/users",
            new CreateUserRequest("140322.UNIT-FILER", "重名", null, null, bureau.Id, [PlatformRoles.UnitFiler]));

        var problem = await Problem(response, HttpStatusCode.Conflict);
        Assert.NotEmpty(FieldMessages(problem, "userName"));
    }

    [Fact]
    public async Task Malformed_fields_are_400_field_errors_in_chinese()
    {
        using var response = await Post("140322.region-admin", "/api/identity/users",
            new CreateUserRequest("李 四", "", "not-an-email", null, null, ["king"]));

        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("用户名格式不正确", FieldMessages(problem, "userName")[0], StringComparison.Ordinal);
        Assert.Equal("姓名不能为空", FieldMessages(problem, "displayName")[0]);
        Assert.Equal("所属机构不能为空", FieldMessages(problem, "organisationId")[0]);
        Assert.Equal("角色“king”不存在", FieldMessages(problem, "roles")[0]);
        Assert.NotEmpty(FieldMessages(problem, "email"));
    }

    [Fact]
    public async Task Unknown_organisation_is_a_422()
    {
        using var response = await Post("140322.region-admin", "/api/identity/users",
            new CreateUserRequest(Unique("ghost"), "幽灵", null, null, Guid.NewGuid(), [PlatformRoles.UnitFiler]));

        var problem = await Problem(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("所属机构不存在", FieldMessages(problem, "organisationId")[0]);
    }

    [Fact]
    public async Task County_staff_list_only_users_of_their_county_and_cannot_read_a_sibling()
    {
        var sibling = await Host.UserAsync("140321.budget-officer");

        using var list = await Get("140322.budget-officer", "/api/identity/users?pageSize=100");
        using var single = await Get("140322.budget-officer", $"/api/identity/users/{sibling.Id}");

        var page = await Read<PagedResult<UserDto>>(list);
        Assert.Contains(page.Items, u => u.UserName == "140322.unit-filer");
        Assert.All(page.Items, u => Assert.Equal("140322", u.RegionCode));
        await AssertStatus(single, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Users_filter_by_role_and_region()
    {
        using var response = await Get("140000.region-admin", "/api/identity/users?role=unit-filer&region=140300&pageSize=100");

        var page = await Read<PagedResult<UserDto>>(response);
        Assert.Contains(page.Items, u => u.UserName == "140371.unit-filer");
        Assert.All(page.Items, u => Assert.True(u.Roles.Contains(PlatformRoles.UnitFiler) && u.RegionCode.StartsWith("1403", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Users_page_in_order_without_overlap()
    {
        using var first = await Get("140000.region-admin", "/api/identity/users?pageSize=3&page=1&q=140300.");
        using var second = await Get("140000.region-admin", "/api/identity/users?pageSize=3&page=2&q=140300.");

        var one = await Read<PagedResult<UserDto>>(first);
        var two = await Read<PagedResult<UserDto>>(second);
        Assert.Equal((3, 3), (one.Items.Count, two.Items.Count));
        Assert.Equal(one.Total, two.Total);
        Assert.Empty(one.Items.Select(u => u.Id).Intersect(two.Items.Select(u => u.Id)));
        Assert.All(one.Items.Concat(two.Items), u => Assert.StartsWith("140300.", u.UserName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Region_administrator_cannot_reset_a_platform_operators_password()
    {
        var operatorUser = await Host.UserAsync("140000.platform-operator");

        using var response = await Post<object?>("140000.region-admin", $"/api/identity/users/{operatorUser.Id}/reset-password", null);

        await AssertStatus(response, HttpStatusCode.Forbidden);
        Assert.Equal(operatorUser.PasswordHash, (await Host.UserAsync("140000.platform-operator")).PasswordHash);
    }

    [Fact]
    public async Task Reset_password_gives_a_new_one_time_password_clears_the_lockout_and_ends_sessions()
    {
        var user = await NewUserAsync("140322", [PlatformRoles.UnitFiler]);
        await Host.WithDbAsync(async (_, users) =>
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(user.Id.ToString()))!, DateTimeOffset.UtcNow.AddMinutes(15)));
        var before = await Host.UserAsync(user.UserName);

        using var response = await Post<object?>("140322.region-admin", $"/api/identity/users/{user.Id}/reset-password", null);

        await AssertStatus(response, HttpStatusCode.OK);
        var reset = await Read<OneTimePasswordResponse>(response);
        Assert.True(reset.User.MustChangePassword);
        Assert.False(reset.User.IsLockedOut);
        var after = await Host.UserAsync(user.UserName);
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
        Assert.True(await Host.WithDbAsync((_, users) => users.CheckPasswordAsync(after, reset.OneTimePassword)));
        Assert.False(await Host.WithDbAsync((_, users) => users.CheckPasswordAsync(after, user.OneTimePassword)));
        Assert.Equal(DirectoryAudit.PasswordReset, (await Host.AuditOfAsync(DirectoryAudit.UserEntity, user.Id.ToString())).Last().ToState);
    }

    [Fact]
    public async Task Unlock_clears_a_lockout()
    {
        var user = await NewUserAsync("140322", [PlatformRoles.UnitFiler]);
        var locked = await Host.WithDbAsync(async (_, users) =>
        {
            var tracked = await users.FindByIdAsync(user.Id.ToString());
            for (var i = 0; i < 5; i++)
            {
                await users.AccessFailedAsync(tracked!);
            }
            return await users.IsLockedOutAsync(tracked!);
        });
        Assert.True(locked);

        using var response = await Post<object?>("140322.region-admin", $"/api/identity/users/{user.Id}/unlock", null);

        await AssertStatus(response, HttpStatusCode.OK);
        Assert.False((await Read<UserDto>(response)).IsLockedOut);
        var after = await Host.UserAsync(user.UserName);
        Assert.Equal((null, 0), (after.LockoutEnd, after.AccessFailedCount));
        Assert.Equal(DirectoryAudit.Unlocked, (await Host.AuditOfAsync(DirectoryAudit.UserEntity, user.Id.ToString())).Last().ToState);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_sessions_and_is_audited()
    {
        var user = await NewUserAsync("140322", [PlatformRoles.UnitFiler]);
        var before = await Host.UserAsync(user.UserName);

        using var response = await Put("140322.region-admin", $"/api/identity/users/{user.Id}",
            new UpdateUserRequest("已停用", null, null, null, null, IsActive: false));

        await AssertStatus(response, HttpStatusCode.OK);
        var after = await Host.UserAsync(user.UserName);
        Assert.False(after.IsActive);
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
        var audit = (await Host.AuditOfAsync(DirectoryAudit.UserEntity, user.Id.ToString())).Last();
        Assert.Equal((DirectoryAudit.Active, DirectoryAudit.Inactive), (audit.FromState, audit.ToState));
    }

    [Fact]
    public async Task Changing_roles_and_organisation_is_saved()
    {
        var user = await NewUserAsync("140322", [PlatformRoles.UnitFiler]);
        var department = await Host.OrganisationAsync("盂县农业农村局");
        var before = await Host.UserAsync(user.UserName);

        using var response = await Put("140300.region-admin", $"/api/identity/users/{user.Id}",
            new UpdateUserRequest("改岗用户", "moved@example.gov.cn", null, department.Id, [PlatformRoles.DepartmentFiler, PlatformRoles.Expert]));

        await AssertStatus(response, HttpStatusCode.OK);
        var updated = await Read<UserDto>(response);
        Assert.Equal(("改岗用户", "盂县农业农村局"), (updated.DisplayName, updated.OrganisationName));
        Assert.Equal([PlatformRoles.DepartmentFiler, PlatformRoles.Expert], updated.Roles);
        Assert.NotEqual(before.SecurityStamp, (await Host.UserAsync(user.UserName)).SecurityStamp);
        var audit = (await Host.AuditOfAsync(DirectoryAudit.UserEntity, user.Id.ToString())).Last();
        Assert.Contains("机构：盂县财政局 → 盂县农业农村局", audit.Comment, StringComparison.Ordinal);
        Assert.Contains("角色：单位填报 → 部门填报、评审专家", audit.Comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_changes_their_own_roles()
    {
        var admin = await Host.UserAsync("140322.region-admin");

        using var response = await Put("140322.region-admin", $"/api/identity/users/{admin.Id}",
            new UpdateUserRequest(admin.DisplayName, null, null, null, [PlatformRoles.RegionAdmin, PlatformRoles.BudgetOfficer]));

        await AssertStatus(response, HttpStatusCode.Forbidden);
        Assert.Equal([PlatformRoles.RegionAdmin], await Host.WithDbAsync((db, _) => db.UserRoles.Where(r => r.UserId == admin.Id).Select(r => r.Role).ToListAsync(Ct)));
    }

    [Fact]
    public async Task Region_administrator_cannot_raise_a_user_to_platform_operator()
    {
        var user = await NewUserAsync("140300", [PlatformRoles.BudgetOfficer]);

        using var response = await Put("140300.region-admin", $"/api/identity/users/{user.Id}",
            new UpdateUserRequest("想升级", null, null, null, [PlatformRoles.BudgetOfficer, PlatformRoles.PlatformOperator]));

        await AssertStatus(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Moving_a_user_into_a_sibling_county_is_forbidden()
    {
        var user = await NewUserAsync("140322", [PlatformRoles.UnitFiler]);
        var sibling = await Host.OrganisationAsync("平定县第一中学");

        using var response = await Put("140322.region-admin", $"/api/identity/users/{user.Id}",
            new UpdateUserRequest("想调走", null, null, sibling.Id, null));

        await AssertStatus(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Updating_a_sibling_countys_user_is_not_found()
    {
        var sibling = await Host.UserAsync("140321.unit-filer");

        using var response = await Put("140322.region-admin", $"/api/identity/users/{sibling.Id}",
            new UpdateUserRequest("被改名", null, null, null, null));

        await AssertStatus(response, HttpStatusCode.NotFound);
    }

    /// <summary>A fresh user created through the API by the platform operator, so tests never share one.</summary>
    private async Task<(Guid Id, string UserName, string OneTimePassword)> NewUserAsync(string region, string[] roles)
    {
        var organisation = await Host.WithDbAsync((db, _) => db.Organisations.AsNoTracking()
            .Where(o => o.RegionCode == region && o.Kind == OrganisationKinds.FinanceBureau).SingleAsync(Ct));
        using var response = await Post("140000.platform-operator", "/api/identity/users",
            new CreateUserRequest(Unique("user"), "测试用户", null, null, organisation.Id, roles));
        await AssertStatus(response, HttpStatusCode.Created);
        var created = await Read<OneTimePasswordResponse>(response);
        return (created.User.Id, created.User.UserName, created.OneTimePassword);
    }
}
