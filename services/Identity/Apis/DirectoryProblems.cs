using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Platform.ServiceDefaults.Problems;

namespace Platform.Identity.Apis;

/// <summary>The directory API's refusals as ProblemDetails: 409 on a taken name, Identity's errors per field.</summary>
public static class DirectoryProblems
{
    /// <summary>409 naming the field whose value is already taken.</summary>
    public static ProblemHttpResult Conflict(string field, string message) => ProblemResults.FieldConflict(field, "duplicate", message);

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
