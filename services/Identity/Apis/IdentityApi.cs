using Platform.ServiceDefaults;

namespace Platform.Identity.Apis;

public static class IdentityApi
{
    /// <summary>The service's endpoint group under <c>/api/identity</c>; every endpoint in it requires a signed-in caller.</summary>
    public static RouteGroupBuilder MapIdentityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/identity").RequireAuthorization();
        api.MapCaller("Identity");
        api.MapMeApi();
        api.MapRolesApi();
        api.MapRegionsApi();
        api.MapOrganisationsApi();
        api.MapUsersApi();
        return api;
    }
}
