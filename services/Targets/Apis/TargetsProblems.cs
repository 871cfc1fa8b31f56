using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults.Problems;
using Platform.Targets.Model;

namespace Platform.Targets.Apis;

/// <summary>The targets API's refusals of a workflow step as ProblemDetails.</summary>
public static class TargetsProblems
{
    /// <summary>A refused workflow step: 403 for the wrong role, 409 for the wrong state (<c>frozen</c> for issued versions).</summary>
    public static ProblemHttpResult From(WorkflowOutcome outcome) => outcome.Verdict == WorkflowVerdict.Forbidden
        ? ProblemResults.Forbidden(outcome.Message, outcome.Code)
        : ProblemResults.Conflict(outcome.Code, outcome.Message);
}
