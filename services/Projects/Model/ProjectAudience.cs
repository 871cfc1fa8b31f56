using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Model;

/// <summary>How much of its region a caller sees of the 项目库.</summary>
public enum ProjectReach
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>Every project of the region scope: finance staff, overseers, experts, services.</summary>
    Region,

    /// <summary>A department filer: the department's own projects and its units'.</summary>
    Department,

    /// <summary>A unit filer: the unit's projects.</summary>
    Unit,

    /// <summary>Agency staff: the projects that need an ex-ante assessment, to read and score them.</summary>
    ExAnte,
}

/// <summary>
/// Within the region scope (the shared filter), who sees which projects: finance staff the whole region, filers only
/// their own department's (or unit's) — another department's project is as invisible to them as a foreign region's.
/// </summary>
public sealed record ProjectAudience(ProjectReach Reach, string? OrganisationId)
{
    public static readonly IReadOnlyList<string> RegionReaders =
        [.. PlatformPolicies.FinanceStaffRoles, PlatformRoles.Overseer, PlatformRoles.Expert];

    public static ProjectAudience Of(Caller caller)
    {
        if (caller.IsUnrestricted || (caller.IsUser && caller.IsInAnyRole(RegionReaders)))
        {
            return new(ProjectReach.Region, null);
        }
        if (!caller.IsUser)
        {
            return new(ProjectReach.None, null);
        }
        if (caller.IsInRole(PlatformRoles.DepartmentFiler) && caller.DepartmentId is { } department)
        {
            return new(ProjectReach.Department, department);
        }
        if (caller.IsInRole(PlatformRoles.UnitFiler) && caller.OrganisationKind == OrganisationKinds.Unit && caller.OrganisationId is { } unit)
        {
            return new(ProjectReach.Unit, unit);
        }
        return caller.IsInRole(PlatformRoles.AgencyStaff) ? new(ProjectReach.ExAnte, null) : new(ProjectReach.None, null);
    }
}
