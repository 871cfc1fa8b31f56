using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using Platform.Gateway.Forwarding;

namespace Platform.Gateway.Edge;

/// <summary>
/// The pipeline of a proxied request. Routing has chosen a proxy route; what follows is only what such a
/// request needs: the route's authorization policy (authentication only where a policy or a per-user
/// rate limit needs the token), the rate limit, and the forwarder. The general pipeline behind it (error
/// page, status-code pages, authentication of every request, the authorization middleware, the caller
/// scope) serves the gateway's own endpoints; a proxied request skipping it costs about a sixth less CPU
/// (bench/gateway.sh), and answers as the general pipeline would: 401/403 and 500 as ProblemDetails.
/// </summary>
internal sealed class ProxyLane(
    RequestDelegate next,
    HttpForwarder forwarder,
    RateLimitCounters counters,
    IOptionsMonitor<GatewayOptions> options,
    IAuthorizationPolicyProvider policyProvider,
    IPolicyEvaluator policyEvaluator,
    IAuthorizationMiddlewareResultHandler refusals,
    IProblemDetailsService problems,
    ILogger<ProxyLane> logger)
{
    // Keyed by the route instance: a reloaded configuration brings new routes, and with them a fresh lookup.
    private readonly ConditionalWeakTable<ProxyRoute, AuthorizationPolicy> _policies = new();

    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<ProxyRoute>();
        return route is null ? next(context) : ProxyAsync(context, route);
    }

    private async Task ProxyAsync(HttpContext context, ProxyRoute route)
    {
        try
        {
            if (await AuthorizeAsync(context, route) && await WithinRateLimitAsync(context, route))
            {
                await forwarder.ForwardAsync(context, route);
            }
        }
        catch (Exception ex)
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            GatewayLog.ProxyFailed(logger, route.RouteId, ex);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            // As the exception handler would answer: a 500 ProblemDetails that says nothing of the exception.
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = ex });
        }
    }

    /// <returns>False when the request was refused (401/403, answered here).</returns>
    private async ValueTask<bool> AuthorizeAsync(HttpContext context, ProxyRoute route)
    {
        if (route.AuthorizationPolicy == ProxyRoute.AnonymousPolicy)
        {
            // Nothing to meet; a token only decides whose rate limit counts (the user's instead of the address's).
            if (route.RateLimited && options.CurrentValue.RateLimits.Enabled)
            {
                await AuthenticateAsync(context);
            }

            return true;
        }

        var policy = await PolicyAsync(context, route);
        if (policy.AuthenticationSchemes.Count == 0)
        {
            // A policy without schemes is judged on context.User, which nothing else has set yet; one that
            // names its schemes is authenticated with them by the evaluator.
            await AuthenticateAsync(context);
        }

        var authenticated = await policyEvaluator.AuthenticateAsync(policy, context);
        var authorized = await policyEvaluator.AuthorizeAsync(policy, authenticated, context, context);
        if (authorized.Succeeded)
        {
            return true;
        }

        // The framework's challenge or forbid (WWW-Authenticate included), then the body the status-code
        // pages would have given it.
        await refusals.HandleAsync(static _ => Task.CompletedTask, context, policy, authorized);
        if (!context.Response.HasStarted)
        {
            await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context });
        }

        return false;
    }

    /// <summary>What the authentication middleware does: the default scheme's user, when there is one.</summary>
    private static async Task AuthenticateAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync();
        if (result.Principal is not null)
        {
            context.User = result.Principal;
        }
    }

    private async ValueTask<AuthorizationPolicy> PolicyAsync(HttpContext context, ProxyRoute route)
    {
        if (_policies.TryGetValue(route, out var cached))
        {
            return cached;
        }

        var metadata = context.GetEndpoint()!.Metadata;
        var policy = await AuthorizationPolicy.CombineAsync(
            policyProvider, metadata.GetOrderedMetadata<IAuthorizeData>(), metadata.GetOrderedMetadata<AuthorizationPolicy>())
            ?? await policyProvider.GetDefaultPolicyAsync();
        return _policies.GetValue(route, _ => policy);
    }

    /// <summary>A signed-in caller is limited as a user (the limit follows them across addresses and does
    /// not punish colleagues behind one office NAT), anyone else by address.</summary>
    private async ValueTask<bool> WithinRateLimitAsync(HttpContext context, ProxyRoute route)
    {
        var limits = options.CurrentValue.RateLimits;
        if (!route.RateLimited || !limits.Enabled)
        {
            return true;
        }

        var user = context.User.Identity?.IsAuthenticated == true
            ? context.User.FindFirstValue("sub") ?? context.User.FindFirstValue(ClaimTypes.NameIdentifier)
            : null;
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

        var decision = await counters.HitAsync(ip, user, limits);
        if (decision.Allowed)
        {
            return true;
        }

        await GatewayProblems.TooManyRequests(context, decision.RetryAfterSeconds);
        return false;
    }
}
