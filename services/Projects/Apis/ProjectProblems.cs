using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults.Problems;

namespace Platform.Projects.Apis;

/// <summary>The 项目库's own refusal codes, and its 422 for a rule the whole request breaks.</summary>
public static class ProjectProblems
{
    public const string TargetSetMissing = "target_set_missing";
    public const string TargetSetMissingMessage = "项目未编报绩效目标，视同无效项目，不得提交";
    public const string BudgetBlocked = "budget_blocked";
    public const string InvalidState = "invalid_state";

    /// <summary>422 for a rule the whole request breaks (not one field): the code says which, the detail says why.</summary>
    public static ProblemHttpResult Rule(string code, string detail, string? field = null) =>
        new FieldErrors().Add(field ?? "status", code, detail).ToUnprocessable(detail: detail, code: code);
}
