using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.ServiceDefaults.Problems;

/// <summary>
/// Collects field-level errors of a request, each with a Chinese message a finance officer can act on and a stable
/// English code for programs, and turns them into one ProblemDetails: 400 for malformed input
/// (<see cref="ToValidationProblem"/>), 422 for input that breaks a business rule (<see cref="ToUnprocessable"/>).
/// The body carries <c>errors</c> (field → messages), <c>errorCodes</c> (field → codes) and <c>code</c>.
/// </summary>
/// <example><code>
/// var errors = new FieldErrors()
///     .Required("name", request.Name, "项目名称")
///     .MaxLength("name", request.Name, 200, "项目名称");
/// if (errors.HasErrors) return errors.ToValidationProblem();
/// </code></example>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<(string Code, string Message)>> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    /// <summary>Adds an error for <paramref name="field"/> (the JSON name the client sent, e.g. <c>budget.amount</c>).</summary>
    public FieldErrors Add(string field, string code, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add((code, message));
        return this;
    }

    public FieldErrors Required(string field, string? value, string label) =>
        string.IsNullOrWhiteSpace(value) ? Add(field, "required", $"{label}不能为空") : this;

    public FieldErrors Required<T>(string field, T? value, string label) where T : struct =>
        value is null ? Add(field, "required", $"{label}不能为空") : this;

    public FieldErrors MaxLength(string field, string? value, int max, string label) =>
        value is not null && value.Length > max ? Add(field, "too_long", $"{label}不能超过{max}个字") : this;

    public FieldErrors Range(string field, decimal? value, decimal min, decimal max, string label) =>
        value is { } v && (v < min || v > max) ? Add(field, "out_of_range", $"{label}应在{min}到{max}之间") : this;

    public FieldErrors Matches(string field, string? value, Regex pattern, string label, string expected) =>
        value is not null && !pattern.IsMatch(value) ? Add(field, "invalid_format", $"{label}格式不正确，应为{expected}") : this;

    /// <summary>Applies <paramref name="rule"/> and adds <paramref name="message"/> under <paramref name="code"/> when it fails.</summary>
    public FieldErrors Must(bool rule, string field, string code, string message) =>
        rule ? this : Add(field, code, message);

    /// <summary>Field → messages, the <c>errors</c> member of a validation ProblemDetails.</summary>
    public IDictionary<string, string[]> Messages =>
        _errors.ToDictionary(e => e.Key, e => e.Value.Select(x => x.Message).ToArray(), StringComparer.Ordinal);

    /// <summary>Field → stable codes.</summary>
    public IDictionary<string, string[]> Codes =>
        _errors.ToDictionary(e => e.Key, e => e.Value.Select(x => x.Code).ToArray(), StringComparer.Ordinal);

    /// <summary>400: the request itself is malformed or incomplete.</summary>
    public ValidationProblem ToValidationProblem(string? detail = null) => TypedResults.ValidationProblem(
        Messages,
        detail: detail ?? ProblemCatalog.ValidationDetail,
        title: ProblemCatalog.ValidationTitle,
        extensions: Extensions(ProblemCatalog.ValidationCode));

    /// <summary>422: well-formed, but a business rule refuses it (e.g. a budget above the approved amount).</summary>
    public ProblemHttpResult ToUnprocessable(string? title = null, string? detail = null, string code = "rule_violated")
    {
        var problem = new HttpValidationProblemDetails(Messages)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = title ?? ProblemCatalog.For(422).Title,
            Detail = detail ?? ProblemCatalog.For(422).Detail,
        };
        foreach (var (key, value) in Extensions(code))
        {
            problem.Extensions[key] = value;
        }
        return TypedResults.Problem(problem);
    }

    private Dictionary<string, object?> Extensions(string code) => new()
    {
        ["code"] = code,
        ["errorCodes"] = Codes,
    };
}
