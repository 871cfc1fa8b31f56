using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults.Problems;
using Platform.Targets.Model;

namespace Platform.Targets.Apis;

/// <summary>The targets API's refusals as ProblemDetails, each with a Chinese detail and a stable English code.</summary>
public static class TargetsProblems
{
    public static ProblemHttpResult Problem(int status, string code, string detail, string? title = null) => TypedResults.Problem(
        statusCode: status,
        title: title ?? ProblemCatalog.For(status).Title,
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult Forbidden(string detail, string code = "forbidden") => Problem(StatusCodes.Status403Forbidden, code, detail);

    public static ProblemHttpResult Conflict(string code, string detail) => Problem(StatusCodes.Status409Conflict, code, detail);

    /// <summary>The version the client saw is not the current one.</summary>
    public static ProblemHttpResult Stale() => Conflict("version_conflict", "数据已被他人修改，请刷新后重试。");

    /// <summary>A refused workflow step: 403 for the wrong role, 409 for the wrong state (<c>frozen</c> for issued versions).</summary>
    public static ProblemHttpResult From(WorkflowOutcome outcome) => outcome.Verdict == WorkflowVerdict.Forbidden
        ? Forbidden(outcome.Message, outcome.Code)
        : Conflict(outcome.Code, outcome.Message);

    /// <summary>A dependency (the projects service) could not answer.</summary>
    public static ProblemHttpResult Unavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "dependency_unavailable", detail);
}

/// <summary>Why a request is refused: a 400 of malformed fields, or another ProblemDetails (403, 409, 422).</summary>
public sealed class Refusal
{
    private readonly ValidationProblem? _invalid;
    private readonly ProblemHttpResult? _problem;

    private Refusal(ValidationProblem? invalid, ProblemHttpResult? problem)
    {
        _invalid = invalid;
        _problem = problem;
    }

    public static implicit operator Refusal(ValidationProblem invalid) => new(invalid, null);

    public static implicit operator Refusal(ProblemHttpResult problem) => new(null, problem);

    /// <summary>The refusal as a handler's typed result (<c>refusal.As&lt;Results&lt;…&gt;&gt;(v =&gt; v, p =&gt; p)</c>).</summary>
    public TResult As<TResult>(Func<ValidationProblem, TResult> invalid, Func<ProblemHttpResult, TResult> problem) =>
        _invalid is not null ? invalid(_invalid) : problem(_problem!);
}
