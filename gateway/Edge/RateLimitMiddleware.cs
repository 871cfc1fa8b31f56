using System.Security.Claims;
using Microsoft.Extensions.Options;
using Platform.Gateway.Forwarding;

namespace Platform.Gateway.Edge;

/// <summary>
/// Applies the rate limits to proxied routes (not to health probes or the portal's static files). Runs
/// after authentication and authorization, so a signed-in user is limited as a user (the per-user limit
/// follows them across addresses and does not punish colleagues behind one office NAT), anyone else by IP.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, RateLimitCounters counters, IOptionsMonitor<GatewayOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limits = options.CurrentValue.RateLimits;
        if (!limits.Enabled || context.GetEndpoint()?.Metadata.GetMetadata<ProxyRoute>() is not { RateLimited: true })
        {
            await next(context);
            return;
        }

        var user = context.User.Identity?.IsAuthenticated == true
            ? context.User.FindFirstValue("sub") ?? context.User.FindFirstValue(ClaimTypes.NameIdentifier)
            : null;
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

        var decision = await counters.HitAsync(ip, user, limits);
        if (!decision.Allowed)
        {
            await GatewayProblems.TooManyRequests(context, decision.RetryAfterSeconds);
            return;
        }

        await next(context);
    }
}
