using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Scope;

namespace Platform.Identity.Apis;

public static class RolesApi
{
    public static RouteHandlerBuilder MapRolesApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/roles", GetRoles)
            .WithName("GetRoles")
            .WithSummary("角色列表")
            .WithDescription("Every platform role, and whether the caller may grant it.")
            .WithTags("Directory");

    public static Ok<RoleDto[]> GetRoles(Caller caller) => TypedResults.Ok(PlatformRoles.All
        .Select(role => new RoleDto(role, PlatformRoles.DisplayName(role), PlatformRoles.IsAdministrator(role), caller.IsUser && PlatformRoles.MayGrant(caller.Roles, role)))
        .ToArray());
}
