using System.Security.Claims;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Scope;
using Platform.Testing;

namespace Platform.Projects.Tests;

/// <summary>A signed-in user as identity's token describes them (the claims of tests/Identity.Tests' DirectoryHost).</summary>
public sealed record TestUser(
    string UserName, string DisplayName, string OrganisationId, string OrganisationName, string OrganisationKind,
    string? ParentId, string? ParentName, string RegionCode, string RegionName, string RegionLevel, params string[] Roles)
{
    public PortalUser Portal => new($"user-{UserName}", UserName, DisplayName, OrganisationId, OrganisationName, OrganisationKind,
        ParentId, ParentName, RegionCode, RegionName, RegionLevel, Roles);

    public Caller Caller => Caller.FromPrincipal(new ClaimsPrincipal(new ClaimsIdentity(Portal.Claims, "test")));
}

/// <summary>The demo province's people the tests act as: 盂县 (140322) and its sibling 平定县 (140321) under 阳泉市 (140300).</summary>
public static class TestUsers
{
    private const string Yuxian = "140322";
    private const string Pingding = "140321";
    private const string Yangquan = "140300";

    // Organisation ids as identity would issue them (GUIDs).
    public const string YuxianEducation = "0b0e0000-0000-0000-0000-000000140322";
    public const string YuxianSchool = "0b0e0000-0000-0000-0001-000000140322";
    public const string YuxianHealth = "0b0e0000-0000-0000-0002-000000140322";
    public const string YuxianFinance = "0b0e0000-0000-0000-0003-000000140322";
    public const string PingdingEducation = "0b0e0000-0000-0000-0000-000000140321";
    public const string PingdingFinance = "0b0e0000-0000-0000-0003-000000140321";
    public const string YangquanFinance = "0b0e0000-0000-0000-0003-000000140300";
    public const string ProvinceFinance = "0b0e0000-0000-0000-0003-000000140000";
    public const string Agency = "0b0e0000-0000-0000-0004-000000140000";

    public static readonly TestUser YuxianDepartmentFiler = County(Yuxian, "department-filer", YuxianEducation, "盂县教育局", OrganisationKinds.Department, PlatformRoles.DepartmentFiler);
    public static readonly TestUser YuxianUnitFiler = new("140322.unit-filer", "盂县一中填报员", YuxianSchool, "盂县第一中学", OrganisationKinds.Unit,
        YuxianEducation, "盂县教育局", Yuxian, "盂县", RegionLevels.County, PlatformRoles.UnitFiler);
    public static readonly TestUser YuxianHealthFiler = County(Yuxian, "health-filer", YuxianHealth, "盂县卫生健康局", OrganisationKinds.Department, PlatformRoles.DepartmentFiler);
    public static readonly TestUser YuxianPerformanceOfficer = County(Yuxian, "performance-officer", YuxianFinance, "盂县财政局", OrganisationKinds.FinanceBureau, PlatformRoles.PerformanceOfficer);
    public static readonly TestUser YuxianBusinessReviewer = County(Yuxian, "business-reviewer", YuxianFinance, "盂县财政局", OrganisationKinds.FinanceBureau, PlatformRoles.BusinessReviewer);
    public static readonly TestUser YuxianBudgetOfficer = County(Yuxian, "budget-officer", YuxianFinance, "盂县财政局", OrganisationKinds.FinanceBureau, PlatformRoles.BudgetOfficer);
    public static readonly TestUser YuxianExpert = County(Yuxian, "expert", YuxianFinance, "盂县财政局", OrganisationKinds.FinanceBureau, PlatformRoles.Expert);
    public static readonly TestUser YuxianOverseer = County(Yuxian, "overseer", "0b0e0000-0000-0000-0005-000000140322", "盂县人大常委会", OrganisationKinds.Congress, PlatformRoles.Overseer);
    public static readonly TestUser PingdingDepartmentFiler = County(Pingding, "department-filer", PingdingEducation, "平定县教育局", OrganisationKinds.Department, PlatformRoles.DepartmentFiler);
    public static readonly TestUser PingdingPerformanceOfficer = County(Pingding, "performance-officer", PingdingFinance, "平定县财政局", OrganisationKinds.FinanceBureau, PlatformRoles.PerformanceOfficer);
    public static readonly TestUser YangquanPerformanceOfficer = new("140300.performance-officer", "阳泉市绩效科", YangquanFinance, "阳泉市财政局", OrganisationKinds.FinanceBureau,
        null, null, Yangquan, "阳泉市", RegionLevels.City, PlatformRoles.PerformanceOfficer);
    public static readonly TestUser ProvincePerformanceOfficer = new("140000.performance-officer", "山西省绩效处", ProvinceFinance, "山西省财政厅", OrganisationKinds.FinanceBureau,
        null, null, "140000", "山西省", RegionLevels.Province, PlatformRoles.PerformanceOfficer);
    public static readonly TestUser AgencyStaff = new("140000.agency-staff", "评估机构人员", Agency, "山西某绩效评价中心", OrganisationKinds.Agency,
        null, null, "140000", "山西省", RegionLevels.Province, PlatformRoles.AgencyStaff);

    private static TestUser County(string region, string role, string organisationId, string organisationName, string kind, params string[] roles) =>
        new($"{region}.{role}", $"{organisationName}{role}", organisationId, organisationName, kind, null, null, region,
            region == Yuxian ? "盂县" : "平定县", RegionLevels.County, roles);
}
