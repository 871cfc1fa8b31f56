using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.Identity.Infrastructure;
using Platform.ServiceDefaults.Scope;

namespace Platform.Identity.Apis;

public static class MeApi
{
    public static RouteHandlerBuilder MapMeApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/me", GetMe)
            .WithName("GetMe")
            .WithSummary("当前用户")
            .WithDescription("The signed-in user as the portal shows them: name, organisation, region, roles.")
            .WithTags("Directory");

    public static async Task<Results<Ok<MeDto>, NotFound>> GetMe(Caller caller, IdentityDb db, CancellationToken ct)
    {
        if (!caller.IsUser || !Guid.TryParse(caller.UserId, out var id))
        {
            return TypedResults.NotFound();
        }
        // One's own record, even when the token's region is stale (the user was moved since it was issued).
        var me = await (
            from u in db.Users.AsNoTracking()
            join o in db.Organisations.IgnoreQueryFilters() on u.OrganisationId equals o.Id
            join r in db.Regions.IgnoreQueryFilters() on o.RegionCode equals r.Code
            where u.Id == id && u.IsActive
            select new { User = u, Organisation = o, Region = r }).SingleOrDefaultAsync(ct);
        if (me is null)
        {
            return TypedResults.NotFound();
        }
        var roles = await db.UserRoles.AsNoTracking().Where(r => r.UserId == id).Select(r => r.Role).ToListAsync(ct);
        return TypedResults.Ok(new MeDto(
            me.User.Id, me.User.UserName!, me.User.DisplayName, me.Organisation.Id, me.Organisation.Name, me.Organisation.Kind,
            me.Region.Code, me.Region.Name, me.Region.Level, [.. PlatformRoles.All.Where(roles.Contains)], me.User.TwoFactorEnabled));
    }
}
