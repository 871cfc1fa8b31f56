using Platform.ServiceDefaults;

namespace Platform.Monitoring.Apis;

public static class MonitoringApi
{
    /// <summary>The service's endpoint group under <c>/api/monitoring</c>; every endpoint in it requires a signed-in caller.</summary>
    public static RouteGroupBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/monitoring").RequireAuthorization();
        api.MapCaller("Monitoring");
        return api;
    }
}
