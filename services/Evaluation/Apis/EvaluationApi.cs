using Platform.ServiceDefaults;

namespace Platform.Evaluation.Apis;

public static class EvaluationApi
{
    /// <summary>The service's endpoint group under <c>/api/evaluation</c>; every endpoint in it requires a signed-in caller.</summary>
    public static RouteGroupBuilder MapEvaluationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/evaluation").RequireAuthorization();
        api.MapCaller("Evaluation");
        return api;
    }
}
