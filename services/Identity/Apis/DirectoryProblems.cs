using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Platform.ServiceDefaults.Problems;

namespace Platform.Identity.Apis;

/// <summary>The directory API's refusals as ProblemDetails: 403 with the reason, 409 on a taken name, Identity's errors per field.</summary>
public static class DirectoryProblems
{
    /// <summary>403 for a target the caller can see but may not change (a role they cannot grant, a region outside their scope).</summary>
    public static ProblemHttpResult Forbidden(string detail, string code = "forbidden") => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: ProblemCatalog.For(403).Title,
        detail: detail,
        extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>409 naming the field whose value is already taken.</summary>
    public static ProblemHttpResult Conflict(string field, string message)
    {
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status409Conflict,
            Title = ProblemCatalog.For(409).Title,
            Detail = message,
        };
        problem.Extensions["code"] = "duplicate";
        problem.Extensions["errorCodes"] = new Dictionary<string, string[]> { [field] = ["duplicate"] };
        return TypedResults.Problem(problem);
    }

    /// <summary>A failed <see cref="IdentityResult"/>: 409 for a taken user name, otherwise 422 with each error under its field.</summary>
    public static ProblemHttpResult FromIdentity(IdentityResult result)
    {
        if (result.Errors.FirstOrDefault(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)) is { } duplicate)
        {
            return Conflict("userName", duplicate.Description);
        }
        var errors = new FieldErrors();
        foreach (var error in result.Errors)
        {
            errors.Add(FieldOf(error.Code), error.Code, error.Description);
        }
        return errors.ToUnprocessable();
    }

    private static string FieldOf(string code) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => "password",
        _ when code.Contains("UserName", StringComparison.Ordinal) => "userName",
        _ when code.Contains("Email", StringComparison.Ordinal) => "email",
        _ => "",
    };
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
