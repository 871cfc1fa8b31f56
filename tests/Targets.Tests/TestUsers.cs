using System.Security.Cryptography;
using System.Text;
using Platform.Contracts.Identity;
using Platform.Testing;

namespace Platform.Targets.Tests;

/// <summary>
/// The demo province's users as identity would put them in tokens (the claims of tests/Identity.Tests' DirectoryHost):
/// <c>&lt;region&gt;.&lt;role&gt;</c> in the organisation the demo seed gives that role. Organisation ids are derived from
/// the organisation's name, so the same user always has the same ids.
/// </summary>
public static class TestUsers
{
    private static readonly Dictionary<string, (string Name, string Level)> Regions = new()
    {
        ["140000"] = ("山西省", RegionLevels.Province),
        ["140300"] = ("阳泉市", RegionLevels.City),
        ["140321"] = ("平定县", RegionLevels.County),
        ["140322"] = ("盂县", RegionLevels.County),
        ["140400"] = ("长治市", RegionLevels.City),
    };

    public sealed record User(string UserName, string Role, string RegionCode, string OrganisationName, string OrganisationKind, string? ParentName)
    {
        public string OrganisationId => IdOf(OrganisationName);

        public string? ParentId => ParentName is null ? null : IdOf(ParentName);

        /// <summary>The department the user files for (a unit's parent).</summary>
        public string DepartmentId => ParentId ?? OrganisationId;

        public string DepartmentName => ParentName ?? OrganisationName;

        public string RegionName => Regions[RegionCode].Name;

        public PortalUser Portal => new(IdOf(UserName), UserName, $"{RegionName}{Role}", OrganisationId, OrganisationName, OrganisationKind,
            ParentId, ParentName, RegionCode, RegionName, Regions[RegionCode].Level, [Role]);
    }

    /// <summary><c>140322.unit-filer</c> → a unit filer at 盂县第一中学 under 盂县教育局; optional third part names another organisation.</summary>
    public static User Get(string userName)
    {
        var parts = userName.Split('.');
        var region = parts[0];
        var role = parts[1];
        var regionName = Regions[region].Name;
        var isCounty = Regions[region].Level == RegionLevels.County;
        var bureau = $"{regionName}{(region == "140000" ? "财政厅" : "财政局")}";
        var office = region == "140000" ? "处" : "科";
        var education = $"{regionName}{(region == "140000" ? "教育厅" : "教育局")}";
        return role switch
        {
            PlatformRoles.UnitFiler => new(userName, role, region, parts.Length > 2 ? parts[2] : $"{regionName}第一中学", OrganisationKinds.Unit, education),
            PlatformRoles.DepartmentFiler => new(userName, role, region, parts.Length > 2 ? parts[2] : education, OrganisationKinds.Department, null),
            PlatformRoles.PerformanceOfficer => new(userName, role, region, $"{bureau}绩效{office}", OrganisationKinds.PerformanceOffice, bureau),
            PlatformRoles.BusinessReviewer => new(userName, role, region, $"{bureau}教科文{office}", OrganisationKinds.BusinessOffice, bureau),
            PlatformRoles.BudgetOfficer => new(userName, role, region, $"{bureau}预算{office}", OrganisationKinds.BudgetOffice, bureau),
            PlatformRoles.RegionAdmin => new(userName, role, region, bureau, OrganisationKinds.FinanceBureau, null),
            PlatformRoles.Expert => new(userName, role, region, $"{bureau}预算评审中心", OrganisationKinds.ReviewCentre, bureau),
            PlatformRoles.Overseer => new(userName, role, region, $"{regionName}人大常委会", OrganisationKinds.Congress, null),
            PlatformRoles.AgencyStaff => new(userName, role, region, "山西衡信绩效评价咨询有限公司", OrganisationKinds.Agency, null),
            _ => throw new ArgumentException($"No demo user {userName} (county: {isCounty})"),
        };
    }

    public static string IdOf(string name) => new Guid(MD5.HashData(Encoding.UTF8.GetBytes(name))).ToString();
}
