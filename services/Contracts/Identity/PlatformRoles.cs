namespace Platform.Contracts.Identity;

/// <summary>
/// The platform's roles. A role is held at the user's organisation's region; what it reaches is that region and below.
/// Codes travel in tokens (claim <c>role</c>); names are what users read.
/// </summary>
public static class PlatformRoles
{
    public const string PlatformOperator = "platform-operator";
    public const string RegionAdmin = "region-admin";
    public const string PerformanceOfficer = "performance-officer";
    public const string BusinessReviewer = "business-reviewer";
    public const string BudgetOfficer = "budget-officer";
    public const string DepartmentFiler = "department-filer";
    public const string UnitFiler = "unit-filer";
    public const string AgencyStaff = "agency-staff";
    public const string Expert = "expert";
    public const string Overseer = "overseer";

    public static readonly IReadOnlyList<string> All =
    [
        PlatformOperator, RegionAdmin, PerformanceOfficer, BusinessReviewer, BudgetOfficer,
        DepartmentFiler, UnitFiler, AgencyStaff, Expert, Overseer,
    ];

    /// <summary>Roles that administer people; they must use a second factor (TOTP).</summary>
    public static readonly IReadOnlyList<string> Administrators = [PlatformOperator, RegionAdmin];

    public static bool IsKnown(string role) => All.Contains(role);

    public static bool IsAdministrator(string role) => Administrators.Contains(role);

    public static string DisplayName(string role) => role switch
    {
        PlatformOperator => "平台运维",
        RegionAdmin => "区划管理员",
        PerformanceOfficer => "绩效科",
        BusinessReviewer => "业务科室审核",
        BudgetOfficer => "预算科",
        DepartmentFiler => "部门填报",
        UnitFiler => "单位填报",
        AgencyStaff => "第三方机构人员",
        Expert => "评审专家",
        Overseer => "监督（只读）",
        _ => role,
    };

    /// <summary>
    /// Whether someone holding <paramref name="granterRoles"/> may give <paramref name="role"/> to another user: a
    /// platform operator may give any role; a region administrator any role but platform operator; nobody else any.
    /// (Whether the target user is in the granter's region or below is checked separately.)
    /// </summary>
    public static bool MayGrant(IEnumerable<string> granterRoles, string role)
    {
        var held = granterRoles as ICollection<string> ?? granterRoles.ToList();
        if (!IsKnown(role))
        {
            return false;
        }
        if (held.Contains(PlatformOperator))
        {
            return true;
        }
        return held.Contains(RegionAdmin) && role != PlatformOperator;
    }
}
