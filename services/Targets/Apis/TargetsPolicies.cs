using Microsoft.AspNetCore.Authorization;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Scope;

namespace Platform.Targets.Apis;

/// <summary>The targets service's named policies; what a caller reaches inside one is limited further by region and department.</summary>
public static class TargetsPolicies
{
    /// <summary>Reads target sets: finance staff, filers, overseers (what each sees is narrowed by <c>VisibleSets</c>), services.</summary>
    public const string Read = "targets.read";

    /// <summary>Files target sets: department and unit filers.</summary>
    public const string File = "targets.file";

    /// <summary>Reviews at a stage: the department filer, 业务科室, 绩效科 (the stage decides which).</summary>
    public const string Review = "targets.review";

    /// <summary>批复: 预算科 or 绩效科.</summary>
    public const string Issue = "targets.issue";

    /// <summary>公开: finance staff.</summary>
    public const string Publish = "targets.publish";

    /// <summary>Starts an adjustment: filers or 绩效科.</summary>
    public const string Adjust = "targets.adjust";

    /// <summary>Reads the indicator library: every platform user.</summary>
    public const string LibraryRead = "targets.library.read";

    /// <summary>Drafts and edits library entries: finance staff and department filers.</summary>
    public const string LibraryWrite = "targets.library.write";

    /// <summary>Moves library entries along: department filers (confirm), experts (approve), 绩效科 (publish, retire).</summary>
    public const string LibraryAdvance = "targets.library.advance";

    /// <summary>Keeps templates (精品样本): 绩效科.</summary>
    public const string TemplatesWrite = "targets.templates.write";

    /// <summary>The 重点 package for 人大: finance staff and overseers.</summary>
    public const string KeyPackage = "targets.key-package";

    public static AuthorizationBuilder AddTargetsPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Read, PlatformPolicies.For(caller => caller.IsService
            || (caller.IsUser && caller.IsInAnyRole([.. PlatformPolicies.FinanceStaffRoles, .. PlatformPolicies.FilerRoles, PlatformRoles.Overseer]))))
        .AddPolicy(File, PlatformPolicies.For(caller => caller.IsUser && caller.IsInAnyRole(PlatformPolicies.FilerRoles)))
        .AddPolicy(Review, PlatformPolicies.For(caller => caller.IsUser
            && caller.IsInAnyRole([PlatformRoles.DepartmentFiler, PlatformRoles.BusinessReviewer, PlatformRoles.PerformanceOfficer])))
        .AddPolicy(Issue, PlatformPolicies.For(caller => caller.IsUser && caller.IsInAnyRole([PlatformRoles.BudgetOfficer, PlatformRoles.PerformanceOfficer])))
        .AddPolicy(Publish, PlatformPolicies.For(caller => caller.IsUser && caller.IsInAnyRole(PlatformPolicies.FinanceStaffRoles)))
        .AddPolicy(Adjust, PlatformPolicies.For(caller => caller.IsUser
            && caller.IsInAnyRole([.. PlatformPolicies.FilerRoles, PlatformRoles.PerformanceOfficer])))
        .AddPolicy(LibraryRead, PlatformPolicies.For(caller => caller.IsService || (caller.IsUser && caller.Roles.Any(PlatformRoles.IsKnown))))
        .AddPolicy(LibraryWrite, PlatformPolicies.For(caller => caller.IsUser
            && caller.IsInAnyRole([.. PlatformPolicies.FinanceStaffRoles, PlatformRoles.DepartmentFiler])))
        .AddPolicy(LibraryAdvance, PlatformPolicies.For(caller => caller.IsUser
            && caller.IsInAnyRole([PlatformRoles.DepartmentFiler, PlatformRoles.Expert, PlatformRoles.PerformanceOfficer, PlatformRoles.BusinessReviewer])))
        .AddPolicy(TemplatesWrite, PlatformPolicies.For(caller => caller.IsUser && caller.IsInRole(PlatformRoles.PerformanceOfficer)))
        .AddPolicy(KeyPackage, PlatformPolicies.For(caller => caller.IsUser
            && caller.IsInAnyRole([.. PlatformPolicies.FinanceStaffRoles, PlatformRoles.Overseer])));
}
