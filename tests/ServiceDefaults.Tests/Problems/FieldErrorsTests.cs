using Microsoft.AspNetCore.Http;
using Platform.ServiceDefaults.Problems;

namespace Platform.ServiceDefaults.Tests.Problems;

public sealed class FieldErrorsTests
{
    [Fact]
    public void No_rule_broken_means_no_errors()
    {
        var errors = new FieldErrors()
            .Required("name", "阳泉市城区道路改造", "项目名称")
            .MaxLength("name", "阳泉市城区道路改造", 200, "项目名称")
            .Range("amount", 500_000m, 0m, 1_000_000m, "申报金额");

        Assert.False(errors.HasErrors);
    }

    [Fact]
    public void Missing_value_is_reported_in_chinese_with_a_stable_code()
    {
        var errors = new FieldErrors().Required("name", " ", "项目名称");

        Assert.Equal(["项目名称不能为空"], errors.Messages["name"]);
        Assert.Equal(["required"], errors.Codes["name"]);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1_000_000, false)]
    [InlineData(1_000_000.01, true)]
    [InlineData(-0.01, true)]
    public void Range_includes_both_bounds(decimal amount, bool broken)
    {
        var errors = new FieldErrors().Range("amount", amount, 0m, 1_000_000m, "申报金额");

        Assert.Equal(broken, errors.HasErrors);
    }

    [Fact]
    public void Too_long_text_is_reported_with_its_limit()
    {
        var errors = new FieldErrors().MaxLength("name", new string('项', 201), 200, "项目名称");

        Assert.Equal(["项目名称不能超过200个字"], errors.Messages["name"]);
        Assert.Equal(["too_long"], errors.Codes["name"]);
    }

    [Fact]
    public void Validation_problem_is_400_with_messages_codes_and_a_chinese_title()
    {
        var result = new FieldErrors()
            .Required("name", null, "项目名称")
            .Add("name", "duplicate", "同名项目已存在")
            .ToValidationProblem();

        Assert.Equal(StatusCodes.Status400BadRequest, result.StatusCode);
        Assert.Equal(ProblemCatalog.ValidationTitle, result.ProblemDetails.Title);
        Assert.Equal(["项目名称不能为空", "同名项目已存在"], result.ProblemDetails.Errors["name"]);
        Assert.Equal("validation_failed", result.ProblemDetails.Extensions["code"]);
        var codes = Assert.IsAssignableFrom<IDictionary<string, string[]>>(result.ProblemDetails.Extensions["errorCodes"]);
        Assert.Equal(["required", "duplicate"], codes["name"]);
    }

    [Fact]
    public void Business_rule_problem_is_422_with_its_code()
    {
        var result = new FieldErrors()
            .Add("amount", "exceeds_approved", "申报金额超过批复金额")
            .ToUnprocessable(code: "budget_exceeded");

        var problem = Assert.IsType<HttpValidationProblemDetails>(result.ProblemDetails);
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, result.StatusCode);
        Assert.Equal("budget_exceeded", problem.Extensions["code"]);
        Assert.Equal(["申报金额超过批复金额"], problem.Errors["amount"]);
    }
}
