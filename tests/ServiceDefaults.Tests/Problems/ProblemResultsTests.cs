using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults.Problems;

namespace Platform.ServiceDefaults.Tests.Problems;

public sealed class ProblemResultsTests
{
    [Fact]
    public void Forbidden_is_403_with_the_catalog_title_the_detail_and_a_code()
    {
        var result = ProblemResults.Forbidden("只能查看本级及下级区划", "out_of_scope");

        Assert.Equal(403, result.StatusCode);
        Assert.Equal(("没有权限", "只能查看本级及下级区划"), (result.ProblemDetails.Title, result.ProblemDetails.Detail));
        Assert.Equal("out_of_scope", result.ProblemDetails.Extensions["code"]);
        Assert.Equal("forbidden", ProblemResults.Forbidden("不能").ProblemDetails.Extensions["code"]);
    }

    [Fact]
    public void A_version_conflict_is_409_version_conflict_asking_to_reload()
    {
        var result = ProblemResults.VersionConflict();

        Assert.Equal(409, result.StatusCode);
        Assert.Equal(("数据冲突", "数据已被他人修改，请刷新后重试。"), (result.ProblemDetails.Title, result.ProblemDetails.Detail));
        Assert.Equal("version_conflict", result.ProblemDetails.Extensions["code"]);
    }

    [Fact]
    public void A_field_conflict_names_the_field_with_its_message_and_code()
    {
        var result = ProblemResults.FieldConflict("userName", "duplicate", "用户名已被使用");

        var problem = Assert.IsType<HttpValidationProblemDetails>(result.ProblemDetails);
        Assert.Equal((409, "用户名已被使用"), (problem.Status, problem.Detail));
        Assert.Equal(["用户名已被使用"], problem.Errors["userName"]);
        Assert.Equal("duplicate", problem.Extensions["code"]);
        var codes = Assert.IsAssignableFrom<IDictionary<string, string[]>>(problem.Extensions["errorCodes"]);
        Assert.Equal(["duplicate"], codes["userName"]);
    }

    [Fact]
    public void Unavailable_is_503_dependency_unavailable()
    {
        var result = ProblemResults.Unavailable("项目库服务暂时无法确认该项目");

        Assert.Equal((503, "dependency_unavailable"), (result.StatusCode, result.ProblemDetails.Extensions["code"]));
    }

    [Fact]
    public void A_refusal_becomes_the_handlers_result_it_was_made_from()
    {
        Refusal invalid = new FieldErrors().Add("name", "required", "名称不能为空").ToValidationProblem();
        Refusal forbidden = ProblemResults.Forbidden("不能");

        Assert.Equal("validation", invalid.As<string>(_ => "validation", _ => "problem"));
        Assert.IsType<ProblemHttpResult>(forbidden.As<IResult>(v => v, p => p));
    }
}
