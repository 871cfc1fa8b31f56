using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Platform.Contracts;
using Platform.ServiceDefaults.Security;

namespace Platform.ServiceDefaults;

public static class CallerEndpoint
{
    /// <summary>
    /// <c>GET {group}/caller</c>: the answering service and replica, the token's subject and name, and the audience it
    /// was accepted for. Authenticated like the rest of the group.
    /// </summary>
    public static RouteHandlerBuilder MapCaller(this IEndpointRouteBuilder group, string tag) =>
        group.MapGet("/caller", GetCaller)
            .WithName($"{tag}Caller")
            .WithSummary("当前调用者与应答实例")
            .WithDescription("Returns the answering service and replica, the caller's subject and name, and the token audience.")
            .WithTags(tag);

    public static Results<Ok<CallerResponse>, UnauthorizedHttpResult> GetCaller(
        ClaimsPrincipal user, ServiceInfo service, IdentitySettings identity)
    {
        var subject = user.FindFirstValue("sub");
        if (subject is null)
        {
            return TypedResults.Unauthorized();
        }
        var audiences = user.FindAll("aud").Select(c => c.Value).ToArray();
        var audience = audiences.FirstOrDefault(identity.Audiences.Contains) ?? audiences.FirstOrDefault() ?? "";
        return TypedResults.Ok(new CallerResponse(service.Name, service.InstanceId, subject, user.FindFirstValue("name"), audience));
    }
}
