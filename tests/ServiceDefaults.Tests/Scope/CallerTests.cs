using System.Security.Claims;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Scope;

namespace Platform.ServiceDefaults.Tests.Scope;

public sealed class CallerTests
{
    [Fact]
    public void User_token_gives_every_claim_of_the_caller()
    {
        var caller = Caller.FromPrincipal(Claims.User("140322", RegionLevels.County, PlatformRoles.UnitFiler, PlatformRoles.DepartmentFiler));

        Assert.Equal(CallerKind.User, caller.Kind);
        Assert.Equal(("u-1", "张三", "zhangsan", "portal"), (caller.UserId, caller.Name, caller.UserName, caller.ClientId));
        Assert.Equal(("org-1", "盂县教育局", OrganisationKinds.Department), (caller.OrganisationId, caller.OrganisationName, caller.OrganisationKind));
        Assert.Equal(("140322", "测试区划", RegionLevels.County), (caller.RegionCode, caller.RegionName, caller.RegionLevel));
        Assert.Equal([PlatformRoles.DepartmentFiler, PlatformRoles.UnitFiler], caller.Roles.Order());
        Assert.True(caller.IsInRole(PlatformRoles.UnitFiler));
        Assert.False(caller.IsInRole(PlatformRoles.RegionAdmin));
        Assert.False(caller.IsService);
        Assert.False(caller.IsUnrestricted);
    }

    [Fact]
    public void Actor_is_the_token_subject_otherwise_the_callers_kind()
    {
        Assert.Equal("u-1", Caller.FromPrincipal(Claims.User("140322", RegionLevels.County)).ActorId);
        Assert.Equal("projects", Caller.FromPrincipal(Claims.Service("projects")).ActorId);
        Assert.Equal("system", Caller.System.ActorId);
        Assert.Equal("anonymous", Caller.Anonymous.ActorId);
    }

    [Fact]
    public void Department_of_a_department_user_is_their_own_organisation()
    {
        var caller = Caller.FromPrincipal(Claims.User("140322", RegionLevels.County, PlatformRoles.DepartmentFiler));

        Assert.Equal(("org-1", "盂县教育局"), (caller.DepartmentId, caller.DepartmentName));
        Assert.Null(caller.ParentOrganisationId);
    }

    [Fact]
    public void Department_of_a_unit_user_is_the_parent_organisation_the_token_names()
    {
        var caller = Caller.FromPrincipal(Claims.Principal(
            new(PlatformClaims.Subject, "u-2"),
            new(PlatformClaims.ClientId, "portal"),
            new(PlatformClaims.Organisation, "org-2"),
            new(PlatformClaims.OrganisationName, "盂县第一中学"),
            new(PlatformClaims.OrganisationKind, OrganisationKinds.Unit),
            new(PlatformClaims.ParentOrganisation, "org-1"),
            new(PlatformClaims.ParentOrganisationName, "盂县教育局"),
            new(PlatformClaims.Region, "140322"),
            new(PlatformClaims.RegionLevel, RegionLevels.County)));

        Assert.Equal(("org-1", "盂县教育局"), (caller.DepartmentId, caller.DepartmentName));
        Assert.Equal(("org-2", "盂县第一中学"), (caller.OrganisationId, caller.OrganisationName));
    }

    [Fact]
    public void Office_under_a_bureau_keeps_its_own_organisation_as_department()
    {
        // Only a unit files under its parent; an office's parent (the bureau) is not a department.
        var caller = Caller.FromPrincipal(Claims.Principal(
            new(PlatformClaims.Subject, "u-3"),
            new(PlatformClaims.ClientId, "portal"),
            new(PlatformClaims.Organisation, "org-3"),
            new(PlatformClaims.OrganisationName, "盂县财政局绩效科"),
            new(PlatformClaims.OrganisationKind, OrganisationKinds.PerformanceOffice),
            new(PlatformClaims.ParentOrganisation, "org-4"),
            new(PlatformClaims.ParentOrganisationName, "盂县财政局"),
            new(PlatformClaims.Region, "140322"),
            new(PlatformClaims.RegionLevel, RegionLevels.County)));

        Assert.Equal("org-3", caller.DepartmentId);
        Assert.Equal("org-4", caller.ParentOrganisationId);
    }

    [Theory]
    [InlineData("140000", RegionLevels.Province, "14")]
    [InlineData("140300", RegionLevels.City, "1403")]
    [InlineData("140322", RegionLevels.County, "140322")]
    [InlineData("140371", RegionLevels.Zone, "140371")]
    public void Scope_prefix_follows_the_region_level(string region, string level, string prefix) =>
        Assert.Equal(prefix, Caller.FromPrincipal(Claims.User(region, level)).ScopePrefix);

    [Theory]
    [InlineData("140000", RegionLevels.Province, "140000", true)]
    [InlineData("140000", RegionLevels.Province, "140423", true)]
    [InlineData("140000", RegionLevels.Province, "150000", false)]
    [InlineData("140300", RegionLevels.City, "140300", true)]
    [InlineData("140300", RegionLevels.City, "140302", true)]
    [InlineData("140300", RegionLevels.City, "140371", true)]
    [InlineData("140300", RegionLevels.City, "140400", false)]
    [InlineData("140300", RegionLevels.City, "140403", false)]
    [InlineData("140300", RegionLevels.City, "140000", false)]
    [InlineData("140322", RegionLevels.County, "140322", true)]
    [InlineData("140322", RegionLevels.County, "140321", false)]
    [InlineData("140322", RegionLevels.County, "140300", false)]
    [InlineData("140371", RegionLevels.Zone, "140371", true)]
    [InlineData("140371", RegionLevels.Zone, "140300", false)]
    public void Covers_own_region_and_below_only(string region, string level, string target, bool covered) =>
        Assert.Equal(covered, Caller.FromPrincipal(Claims.User(region, level)).Covers(target));

    [Fact]
    public void User_token_without_region_covers_nothing()
    {
        var caller = Caller.FromPrincipal(Claims.Principal(new Claim("sub", "u-1"), new Claim("client_id", "portal"), new Claim("role", PlatformRoles.PlatformOperator)));

        Assert.True(caller.IsUser);
        Assert.Null(caller.ScopePrefix);
        Assert.False(caller.Covers("140000"));
        Assert.False(caller.Covers("14"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nation")]
    public void User_token_with_a_missing_or_unknown_level_covers_nothing(string? level)
    {
        var claims = new List<Claim> { new("sub", "u-1"), new("region", "140000") };
        if (level is not null)
        {
            claims.Add(new Claim("region_level", level));
        }

        var caller = Caller.FromPrincipal(Claims.Principal([.. claims]));

        Assert.False(caller.Covers("140000"));
    }

    [Fact]
    public void Region_code_shorter_than_its_level_prefix_covers_nothing() =>
        Assert.False(Caller.FromPrincipal(Claims.User("14", RegionLevels.City)).Covers("140300"));

    [Fact]
    public void Client_credentials_token_is_a_service_trusted_everywhere()
    {
        var caller = Caller.FromPrincipal(Claims.Principal(new Claim("sub", "projects"), new Claim("client_id", "projects")));

        Assert.True(caller.IsService);
        Assert.True(caller.IsUnrestricted);
        Assert.True(caller.Covers("140423"));
        Assert.True(caller.Covers("650000"));
    }

    [Fact]
    public void Token_whose_subject_is_not_its_client_is_a_user()
    {
        var caller = Caller.FromPrincipal(Claims.Principal(new Claim("sub", "u-1"), new Claim("client_id", "projects")));

        Assert.False(caller.IsService);
        Assert.False(caller.Covers("140000"));
    }

    [Fact]
    public void Token_with_a_region_is_never_a_service_even_when_subject_equals_client()
    {
        var caller = Caller.FromPrincipal(Claims.Principal(
            new Claim("sub", "projects"), new Claim("client_id", "projects"), new Claim("region", "140322"), new Claim("region_level", RegionLevels.County)));

        Assert.False(caller.IsService);
        Assert.False(caller.Covers("140321"));
    }

    [Fact]
    public void Unauthenticated_principal_is_anonymous_and_covers_nothing()
    {
        var caller = Caller.FromPrincipal(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "projects"), new Claim("client_id", "projects")])));

        Assert.Same(Caller.Anonymous, caller);
        Assert.False(caller.Covers("140000"));
        Assert.Same(Caller.Anonymous, Caller.FromPrincipal(null));
    }

    [Fact]
    public void System_is_unrestricted_and_no_user()
    {
        Assert.True(Caller.System.IsUnrestricted);
        Assert.False(Caller.System.IsUser);
        Assert.True(Caller.System.Covers("140403"));
    }
}

/// <summary>Principals as JwtBearer builds them from our tokens (claim names unmapped).</summary>
internal static class Claims
{
    public static ClaimsPrincipal Principal(params Claim[] claims) =>
        new(new ClaimsIdentity(claims, "Bearer", PlatformClaims.Name, PlatformClaims.Role));

    public static ClaimsPrincipal User(string region, string level, params string[] roles) => Principal(
    [
        new(PlatformClaims.Subject, "u-1"),
        new(PlatformClaims.Name, "张三"),
        new(PlatformClaims.PreferredUsername, "zhangsan"),
        new(PlatformClaims.ClientId, "portal"),
        new(PlatformClaims.Organisation, "org-1"),
        new(PlatformClaims.OrganisationName, "盂县教育局"),
        new(PlatformClaims.OrganisationKind, OrganisationKinds.Department),
        new(PlatformClaims.Region, region),
        new(PlatformClaims.RegionName, "测试区划"),
        new(PlatformClaims.RegionLevel, level),
        .. roles.Select(role => new Claim(PlatformClaims.Role, role)),
    ]);

    public static ClaimsPrincipal Service(string clientId) =>
        Principal(new Claim(PlatformClaims.Subject, clientId), new Claim(PlatformClaims.ClientId, clientId));
}
