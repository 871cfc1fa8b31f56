using Platform.ServiceDefaults;

namespace Platform.Vendors.Apis;

public static class VendorsApi
{
    /// <summary>The service's endpoint group under <c>/api/vendors</c>; every endpoint in it requires a signed-in caller.</summary>
    public static RouteGroupBuilder MapVendorsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/vendors").RequireAuthorization();
        api.MapCaller("Vendors");
        return api;
    }
}
