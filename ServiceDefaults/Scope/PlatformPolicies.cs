using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Platform.Contracts.Identity;

namespace Platform.ServiceDefaults.Scope;

/// <summary>
/// The platform-wide authorization policies, by name, so endpoints say <c>.RequireAuthorization(PlatformPolicies.Writer)</c>
/// and never list role strings. Each is decided on the <see cref="Caller"/> of the token. What a caller reaches inside a
/// policy is limited further by region (the query filter).
/// </summary>
public static class PlatformPolicies
{
    /// <summary>Administers organisations and users: platform operator or region administrator.</summary>
    public const string Administrator = "platform.administrator";

    /// <summary>Finance bureau staff: 绩效科, 业务科室, 预算科, and the administrators.</summary>
    public const string FinanceStaff = "platform.finance-staff";

    /// <summary>Fills in for a department or a unit.</summary>
    public const string Filer = "platform.filer";

    /// <summary>Any user who holds a role other than overseer: overseers (人大, 审计) only read.</summary>
    public const string Writer = "platform.writer";

    /// <summary>Another service, calling with its client-credentials token.</summary>
    public const string Service = "platform.service";

    public static readonly IReadOnlyList<string> AdministratorRoles = PlatformRoles.Administrators;

    public static readonly IReadOnlyList<string> FinanceStaffRoles =
    [
        PlatformRoles.PerformanceOfficer, PlatformRoles.BusinessReviewer, PlatformRoles.BudgetOfficer,
        PlatformRoles.RegionAdmin, PlatformRoles.PlatformOperator,
    ];

    public static readonly IReadOnlyList<string> FilerRoles = [PlatformRoles.DepartmentFiler, PlatformRoles.UnitFiler];

    /// <summary>Registers the policies above; every one authenticates with the bearer scheme.</summary>
    public static AuthorizationBuilder AddPlatformPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Administrator, For(caller => caller.IsUser && caller.IsInAnyRole(AdministratorRoles)))
        .AddPolicy(FinanceStaff, For(caller => caller.IsUser && caller.IsInAnyRole(FinanceStaffRoles)))
        .AddPolicy(Filer, For(caller => caller.IsUser && caller.IsInAnyRole(FilerRoles)))
        .AddPolicy(Writer, For(caller => caller.IsUser && caller.Roles.Any(role => role != PlatformRoles.Overseer && PlatformRoles.IsKnown(role))))
        .AddPolicy(Service, For(caller => caller.IsService));

    /// <summary>A policy on the bearer token's caller; services may build their own (<c>projects.review</c>) the same way.</summary>
    public static AuthorizationPolicy For(Func<Caller, bool> rule) => new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
        .RequireAuthenticatedUser()
        .RequireAssertion(context => rule(Caller.FromPrincipal(context.User)))
        .Build();
}
