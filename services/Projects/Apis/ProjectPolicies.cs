using Microsoft.AspNetCore.Authorization;
using Platform.Contracts.Identity;
using Platform.Projects.Model;
using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Apis;

/// <summary>
/// Who may do what in the 项目库, by name. What anyone reaches inside a policy is limited further by region (the
/// shared filter) and, for filers, by department (<see cref="ProjectAudience"/>).
/// </summary>
public static class ProjectPolicies
{
    /// <summary>A project by id, its history and ex-ante: any platform user (what they see is narrowed by audience), or a service.</summary>
    public const string Read = "projects.read";

    /// <summary>
    /// The project list and export: finance staff, filers, overseers, experts, and agency staff, who find there the
    /// projects awaiting an ex-ante assessment and nothing else (<see cref="ProjectAudience"/>).
    /// </summary>
    public const string List = "projects.list";

    /// <summary>Scoring an ex-ante assessment: finance staff, experts and agency staff.</summary>
    public const string Assess = "projects.ex-ante.assess";

    /// <summary>Review batches and reports: finance staff, and overseers for reading.</summary>
    public const string ReadReviews = "projects.review.read";

    /// <summary>预算科: budgeting and 批复.</summary>
    public const string Budget = "projects.budget";

    public static AuthorizationBuilder AddProjectPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Read, PlatformPolicies.For(caller => caller.IsService || (caller.IsUser && caller.Roles.Any(PlatformRoles.IsKnown))))
        .AddPolicy(List, PlatformPolicies.For(caller => caller.IsService || (caller.IsUser
            && (caller.IsInAnyRole(ProjectAudience.RegionReaders) || caller.IsInAnyRole(PlatformPolicies.FilerRoles) || caller.IsInRole(PlatformRoles.AgencyStaff)))))
        .AddPolicy(Assess, PlatformPolicies.For(caller => caller.IsUser
            && caller.IsInAnyRole([.. PlatformPolicies.FinanceStaffRoles, PlatformRoles.Expert, PlatformRoles.AgencyStaff])))
        .AddPolicy(ReadReviews, PlatformPolicies.For(caller => caller.IsUser
            && (caller.IsInAnyRole(PlatformPolicies.FinanceStaffRoles) || caller.IsInRole(PlatformRoles.Overseer))))
        .AddPolicy(Budget, PlatformPolicies.For(caller => caller.IsUser && caller.IsInRole(PlatformRoles.BudgetOfficer)));
}
