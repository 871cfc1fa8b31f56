using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Platform.ServiceDefaults.Scope;

/// <summary>
/// Makes the request's <see cref="Caller"/> ambient (<see cref="CallerScope"/>) for everything the endpoint does, and
/// answers a <see cref="RegionScopeException"/> with a 403 ProblemDetails.
/// </summary>
public static partial class CallerMiddleware
{
    public static IApplicationBuilder UseCallerScope(this IApplicationBuilder app) => app.Use(InvokeAsync);

    private static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        using var scope = CallerScope.Begin(context.User);
        try
        {
            await next(context);
        }
        catch (RegionScopeException ex) when (!context.Response.HasStarted)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CallerMiddleware));
            LogRefused(logger, CallerScope.Current?.ToString() ?? "", ex.EntityType, ex.RegionCode);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "超出管辖范围",
                    Detail = "只能办理本级及下级区划的数据。",
                    Extensions = { ["code"] = "out_of_scope" },
                },
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a write by {Caller} to {EntityType} of region {RegionCode}")]
    private static partial void LogRefused(ILogger logger, string caller, string entityType, string? regionCode);
}
