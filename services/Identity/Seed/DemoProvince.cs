using Platform.Contracts.Identity;
using static Platform.Contracts.Identity.OrganisationKinds;
using static Platform.Contracts.Identity.PlatformRoles;

namespace Platform.Identity.Seed;

public sealed record DemoRegion(string Code, string Name, string Level, string? ParentCode, bool IsLocalCode = false);

/// <summary>An organisation of the demo; names are unique across the province, so the name is also its key.</summary>
public sealed record DemoOrganisation(string Name, string Kind, string RegionCode, string? ParentName);

/// <summary>A demo user: <c>&lt;region code&gt;.&lt;role&gt;[.&lt;qualifier&gt;]</c>, one role, in one organisation.</summary>
public sealed record DemoAccount(string UserName, string DisplayName, string Role, string OrganisationName, string RegionCode);

/// <summary>
/// The demo province (issue #3, deliverable 7): 山西省 with 阳泉市 and 长治市, their counties and a development zone
/// with a local code; in every region a finance bureau with its offices, departments with a unit each, and at province
/// and city level a review centre, 人大 and 审计; three agencies at province level; a user for each role at each level
/// where the role exists.
/// </summary>
public sealed class DemoProvince
{
    private readonly List<DemoRegion> _regions = [];
    private readonly List<DemoOrganisation> _organisations = [];
    private readonly List<DemoAccount> _accounts = [];

    private DemoProvince()
    {
    }

    public IReadOnlyList<DemoRegion> Regions => _regions;

    public IReadOnlyList<DemoOrganisation> Organisations => _organisations;

    public IReadOnlyList<DemoAccount> Accounts => _accounts;

    public static DemoProvince Build()
    {
        var demo = new DemoProvince();
        var province = demo.Region("140000", "山西省", RegionLevels.Province, null);
        var yangquan = demo.Region("140300", "阳泉市", RegionLevels.City, province);
        foreach (var (code, name) in new[] { ("140302", "城区"), ("140303", "矿区"), ("140311", "郊区"), ("140321", "平定县"), ("140322", "盂县") })
        {
            demo.Region(code, name, RegionLevels.County, yangquan);
        }
        demo.Region("140371", "阳泉经济技术开发区", RegionLevels.Zone, yangquan, isLocalCode: true);
        var changzhi = demo.Region("140400", "长治市", RegionLevels.City, province);
        foreach (var (code, name) in new[] { ("140403", "潞州区"), ("140404", "上党区"), ("140405", "屯留区"), ("140406", "潞城区"), ("140423", "襄垣县") })
        {
            demo.Region(code, name, RegionLevels.County, changzhi);
        }
        demo.AddAgencies(province);
        return demo;
    }

    private DemoRegion Region(string code, string name, string level, DemoRegion? parent, bool isLocalCode = false)
    {
        var region = new DemoRegion(code, name, level, parent?.Code, isLocalCode);
        _regions.Add(region);
        AddFinanceBureau(region);
        AddDepartments(region);
        if (level is RegionLevels.Province or RegionLevels.City)
        {
            AddOverseers(region);
        }
        return region;
    }

    private void AddFinanceBureau(DemoRegion region)
    {
        var isProvince = region.Level == RegionLevels.Province;
        var bureau = Organisation($"{region.Name}{(isProvince ? "财政厅" : "财政局")}", FinanceBureau, region, null);
        // A province's offices are 处, a city's or county's 科.
        var office = isProvince ? "处" : "科";
        var budget = Organisation($"{bureau}预算{office}", BudgetOffice, region, bureau);
        var performance = Organisation($"{bureau}绩效{office}", PerformanceOffice, region, bureau);
        var education = Organisation($"{bureau}教科文{office}", BusinessOffice, region, bureau);
        Organisation($"{bureau}农业农村{office}", BusinessOffice, region, bureau);

        if (isProvince)
        {
            Account(region, PlatformOperator, "平台运维员", bureau);
        }
        Account(region, RegionAdmin, "系统管理员", bureau);
        Account(region, PerformanceOfficer, $"绩效{office}经办人", performance);
        Account(region, BusinessReviewer, $"教科文{office}审核人", education);
        Account(region, BudgetOfficer, $"预算{office}经办人", budget);
        if (region.Level is RegionLevels.Province or RegionLevels.City)
        {
            var review = Organisation($"{bureau}预算评审中心", ReviewCentre, region, bureau);
            Account(region, Expert, "评审专家", review);
        }
    }

    /// <summary>Education, agriculture and health, each with one unit; the education ones get the filers.</summary>
    private void AddDepartments(DemoRegion region)
    {
        var isProvince = region.Level == RegionLevels.Province;
        var education = Organisation($"{region.Name}{(isProvince ? "教育厅" : "教育局")}", Department, region, null);
        var school = Organisation(isProvince ? $"{region.Name}实验中学" : $"{region.Name}第一中学", Unit, region, education);
        var agriculture = Organisation($"{region.Name}{(isProvince ? "农业农村厅" : "农业农村局")}", Department, region, null);
        Organisation($"{region.Name}农业技术推广中心", Unit, region, agriculture);
        var health = Organisation(
            $"{region.Name}{(region.Level is RegionLevels.Province or RegionLevels.City ? "卫生健康委员会" : "卫生健康局")}", Department, region, null);
        Organisation($"{region.Name}人民医院", Unit, region, health);

        Account(region, DepartmentFiler, "部门填报员", education);
        Account(region, UnitFiler, "单位填报员", school);
    }

    private void AddOverseers(DemoRegion region)
    {
        var congress = Organisation($"{region.Name}人大常委会", Congress, region, null);
        var audit = Organisation($"{region.Name}{(region.Level == RegionLevels.Province ? "审计厅" : "审计局")}", Audit, region, null);
        Account(region, Overseer, "人大监督员", congress);
        Account(region, Overseer, "审计监督员", audit, qualifier: "audit");
    }

    private void AddAgencies(DemoRegion province)
    {
        string[] agencies = ["山西衡信绩效评价咨询有限公司", "山西中正会计师事务所", "山西明德工程咨询有限公司"];
        for (var i = 0; i < agencies.Length; i++)
        {
            var agency = Organisation(agencies[i], Agency, province, null);
            Account(province, AgencyStaff, $"第三方机构评价人员{i + 1}", agency, qualifier: i == 0 ? null : $"{i + 1}", withRegionName: false);
        }
    }

    private string Organisation(string name, string kind, DemoRegion region, string? parent)
    {
        _organisations.Add(new DemoOrganisation(name, kind, region.Code, parent));
        return name;
    }

    private void Account(DemoRegion region, string role, string title, string organisation, string? qualifier = null, bool withRegionName = true) =>
        _accounts.Add(new DemoAccount(
            qualifier is null ? $"{region.Code}.{role}" : $"{region.Code}.{role}.{qualifier}",
            withRegionName ? $"{region.Name}{title}" : title,
            role,
            organisation,
            region.Code));
}
