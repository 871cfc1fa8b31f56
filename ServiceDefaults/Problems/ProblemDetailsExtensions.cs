using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Platform.ServiceDefaults.Problems;

public static class ProblemDetailsExtensions
{
    /// <summary>RFC 7807 bodies for every error, in Chinese, with <c>code</c> and <c>traceId</c> extensions.</summary>
    public static IServiceCollection AddDefaultProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = Customize);

    /// <summary>
    /// Unhandled exceptions become a 500 ProblemDetails that says nothing about them (the log has the details, the
    /// traceId links the two); bad requests the server detects (body too large, malformed) keep their 4xx status; and
    /// bodiless 4xx/5xx responses (401 challenges, 403, 404, 405, 415) get a ProblemDetails body.
    /// </summary>
    public static IApplicationBuilder UseDefaultErrorHandling(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad
                ? bad.StatusCode
                : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }

    internal static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        var entry = ProblemCatalog.For(status);

        if (status >= 500 && context.Exception is not null)
        {
            // Whatever the exception said stays in the log.
            problem.Title = entry.Title;
            problem.Detail = entry.Detail;
        }
        else if (problem is HttpValidationProblemDetails && problem.Title == ProblemCatalog.FrameworkValidationTitle)
        {
            problem.Title = ProblemCatalog.ValidationTitle;
            problem.Detail ??= ProblemCatalog.ValidationDetail;
            problem.Extensions.TryAdd("code", ProblemCatalog.ValidationCode);
        }
        else if (ProblemCatalog.IsFrameworkTitle(problem.Title, status))
        {
            problem.Title = entry.Title;
            problem.Detail ??= entry.Detail;
        }

        problem.Instance ??= context.HttpContext.Request.Path.Value;
        problem.Extensions.TryAdd("code", entry.Code);
        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
    }
}
