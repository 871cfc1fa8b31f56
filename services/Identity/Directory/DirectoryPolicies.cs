using Microsoft.AspNetCore.Authorization;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Scope;

namespace Platform.Identity.Directory;

/// <summary>
/// Who may read the directory. Writing needs <see cref="PlatformPolicies.Administrator"/>; what anyone reaches is their
/// region and below (the shared filter), whatever the policy.
/// </summary>
public static class DirectoryPolicies
{
    /// <summary>Regions and users: finance staff (administrators included) and services.</summary>
    public const string ReadDirectory = "identity.directory.read";

    /// <summary>Organisations: as <see cref="ReadDirectory"/>, and overseers (人大, 审计) too.</summary>
    public const string ReadOrganisations = "identity.organisations.read";

    public static AuthorizationBuilder AddDirectoryPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(ReadDirectory, PlatformPolicies.For(caller =>
            caller.IsService || (caller.IsUser && caller.IsInAnyRole(PlatformPolicies.FinanceStaffRoles))))
        .AddPolicy(ReadOrganisations, PlatformPolicies.For(caller =>
            caller.IsService || (caller.IsUser && (caller.IsInAnyRole(PlatformPolicies.FinanceStaffRoles) || caller.IsInRole(PlatformRoles.Overseer)))));
}
