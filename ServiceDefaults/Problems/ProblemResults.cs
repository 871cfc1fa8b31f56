using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.ServiceDefaults.Problems;

/// <summary>
/// The ProblemDetails every service's endpoints answer with besides field errors (<see cref="FieldErrors"/>): the
/// catalog's Chinese title for the status, the endpoint's Chinese detail, and a stable English <c>code</c>.
/// </summary>
public static class ProblemResults
{
    public const string VersionConflictCode = "version_conflict";
    public const string VersionConflictDetail = "数据已被他人修改，请刷新后重试。";

    public static ProblemHttpResult Problem(int status, string code, string detail, string? title = null) => TypedResults.Problem(
        statusCode: status,
        title: title ?? ProblemCatalog.For(status).Title,
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>403 for an action the caller's role or scope does not allow on a record they can see.</summary>
    public static ProblemHttpResult Forbidden(string detail, string code = "forbidden") =>
        Problem(StatusCodes.Status403Forbidden, code, detail);

    /// <summary>409 for a record whose state no longer allows the request.</summary>
    public static ProblemHttpResult Conflict(string code, string detail) => Problem(StatusCodes.Status409Conflict, code, detail);

    /// <summary>409: someone changed the record since the caller read it (the version the client sent is not current).</summary>
    public static ProblemHttpResult VersionConflict() => Conflict(VersionConflictCode, VersionConflictDetail);

    /// <summary>409 naming the field whose value is taken or whose record is already in use.</summary>
    public static ProblemHttpResult FieldConflict(string field, string code, string message)
    {
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status409Conflict,
            Title = ProblemCatalog.For(409).Title,
            Detail = message,
        };
        problem.Extensions["code"] = code;
        problem.Extensions["errorCodes"] = new Dictionary<string, string[]> { [field] = [code] };
        return TypedResults.Problem(problem);
    }

    /// <summary>503: another service the request depends on did not answer; nothing was changed.</summary>
    public static ProblemHttpResult Unavailable(string detail) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "dependency_unavailable", detail);
}
