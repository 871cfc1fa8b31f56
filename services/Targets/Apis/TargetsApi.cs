using Platform.ServiceDefaults;

namespace Platform.Targets.Apis;

public static class TargetsApi
{
    /// <summary>The service's endpoint group under <c>/api/targets</c>; every endpoint in it requires a signed-in caller.</summary>
    public static RouteGroupBuilder MapTargetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/targets").RequireAuthorization();
        api.MapCaller("Targets");
        return api;
    }
}
