using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.ServiceDefaults.Problems;

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
