using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults.Problems;

namespace Platform.Projects.Apis;

/// <summary>The 项目库's refusals as ProblemDetails with Chinese text and stable English codes.</summary>
public static class ProjectProblems
{
    public const string TargetSetMissing = "target_set_missing";
    public const string TargetSetMissingMessage = "项目未编报绩效目标，视同无效项目，不得提交";
    public const string BudgetBlocked = "budget_blocked";
    public const string InvalidState = "invalid_state";
    public const string VersionConflict = "version_conflict";

    /// <summary>409: someone changed the record since the caller read it (xmin moved on).</summary>
    public static ProblemHttpResult VersionConflictProblem() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: ProblemCatalog.For(409).Title,
        detail: "数据已被他人修改，请刷新后重试。",
        extensions: new Dictionary<string, object?> { ["code"] = VersionConflict });

    /// <summary>409 naming a field whose value is taken or whose record is already in use.</summary>
    public static ProblemHttpResult Conflict(string field, string code, string message)
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

    /// <summary>422 for a rule the whole request breaks (not one field): the code says which, the detail says why.</summary>
    public static ProblemHttpResult Rule(string code, string detail, string? field = null) =>
        new FieldErrors().Add(field ?? "status", code, detail).ToUnprocessable(detail: detail, code: code);

    /// <summary>403 for an action the caller's role does not allow on a project they can see.</summary>
    public static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: ProblemCatalog.For(403).Title,
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = "forbidden" });

    /// <summary>The other service a check depends on did not answer; nothing was changed.</summary>
    public static ProblemHttpResult Unavailable(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: ProblemCatalog.For(503).Title,
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = "dependency_unavailable" });
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
