namespace Platform.Contracts.Identity;

/// <summary>
/// The claim names identity puts in access tokens and every service reads (ServiceDefaults' caller). Standard OIDC names
/// where one exists; our own, short and lower-case, for the hierarchy.
/// </summary>
public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string PreferredUsername = "preferred_username";
    public const string ClientId = "client_id";
    public const string Scope = "scope";
    public const string SessionId = "sid";
    public const string AuthTime = "auth_time";

    /// <summary>One claim per role code (<see cref="PlatformRoles"/>).</summary>
    public const string Role = "role";

    /// <summary>The user's organisation id (a GUID) and its name and kind (<see cref="OrganisationKinds"/>).</summary>
    public const string Organisation = "org";
    public const string OrganisationName = "org_name";
    public const string OrganisationKind = "org_kind";

    /// <summary>
    /// The organisation above the user's, when there is one (a unit's 主管部门, an office's bureau): its id and name. A
    /// unit files under its department, and the department reviews what its units file.
    /// </summary>
    public const string ParentOrganisation = "org_parent";
    public const string ParentOrganisationName = "org_parent_name";

    /// <summary>The region of the user's organisation: its code (GB/T 2260 or a local code), name and level (<see cref="RegionLevels"/>).</summary>
    public const string Region = "region";
    public const string RegionName = "region_name";
    public const string RegionLevel = "region_level";
}

/// <summary>Levels of the region tree, top down. A development zone sits under its city beside the counties.</summary>
public static class RegionLevels
{
    public const string Province = "province";
    public const string City = "city";
    public const string County = "county";
    public const string Zone = "zone";

    public static readonly IReadOnlyList<string> All = [Province, City, County, Zone];

    public static string DisplayName(string level) => level switch
    {
        Province => "省级",
        City => "市级",
        County => "县（区）级",
        Zone => "开发区",
        _ => level,
    };

    /// <summary>
    /// How many leading characters of a region code are shared by every region at or below it: 2 for a province
    /// (14xxxx), 4 for a city (1403xx), the whole code below that. "Own region and below" is a prefix match.
    /// </summary>
    public static int ScopePrefixLength(string level) => level switch
    {
        Province => 2,
        City => 4,
        _ => 6,
    };
}

/// <summary>Kinds of organisation. Offices of a finance bureau are organisations under the bureau.</summary>
public static class OrganisationKinds
{
    public const string FinanceBureau = "finance-bureau";
    public const string BudgetOffice = "budget-office";
    public const string PerformanceOffice = "performance-office";
    public const string BusinessOffice = "business-office";
    public const string ReviewCentre = "review-centre";
    public const string Department = "department";
    public const string Unit = "unit";
    public const string Agency = "agency";
    public const string Congress = "congress";
    public const string Audit = "audit";

    public static readonly IReadOnlyList<string> All =
        [FinanceBureau, BudgetOffice, PerformanceOffice, BusinessOffice, ReviewCentre, Department, Unit, Agency, Congress, Audit];

    public static string DisplayName(string kind) => kind switch
    {
        FinanceBureau => "财政局",
        BudgetOffice => "预算科",
        PerformanceOffice => "绩效科",
        BusinessOffice => "业务科室",
        ReviewCentre => "评审中心",
        Department => "预算部门",
        Unit => "预算单位",
        Agency => "第三方机构",
        Congress => "人大",
        Audit => "审计",
        _ => kind,
    };
}
