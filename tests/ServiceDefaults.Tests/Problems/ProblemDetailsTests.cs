using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests.Problems;

public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private TestTokenIssuer _issuer = null!;

    public async ValueTask InitializeAsync() => _issuer = await TestTokenIssuer.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _issuer.DisposeAsync();

    private const string Secret = "Host=10.20.30.40;Password=hunter2";

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Unhandled_exception_becomes_a_500_problem_that_reveals_nothing(string environment)
    {
        await using var app = await TestApp.StartAsync(environment: environment, configureApp: a =>
            a.MapGet("/boom", string () => throw new InvalidOperationException($"cannot open {Secret}")).AllowAnonymous());

        using var response = await app.Client.GetAsync("/boom", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("10.20.30.40", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", body, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal("服务器内部错误", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal("internal_error", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(32, problem.RootElement.GetProperty("traceId").GetString()!.Length);
    }

    [Fact]
    public async Task Anonymous_request_gets_a_401_problem()
    {
        await using var app = await TestApp.StartAsync(configureApp: a => a.MapGet("/api/projects/secret", () => "x").RequireAuthorization());

        using var response = await app.Client.GetAsync("/api/projects/secret", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("unauthorized", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("未登录或登录已过期", problem.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Wrong_method_gets_a_405_problem()
    {
        await using var app = await StartSignedIn(a => a.MapGet("/things", () => "x"));

        using var response = await app.Client.DeleteAsync("/things", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("method_not_allowed", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Wrong_content_type_gets_a_415_problem()
    {
        await using var app = await StartSignedIn(a => a.MapPost("/things", (Payload payload) => payload.Name));

        using var response = await app.Client.PostAsync("/things", new StringContent("name=x", System.Text.Encoding.UTF8, "text/plain"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("unsupported_media_type", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Oversized_body_gets_a_413_problem()
    {
        await using var app = await TestApp.StartAsync(
            configureBuilder: b => b.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024),
            configureApp: a => a.MapPost("/open", (Payload payload) => payload.Name).AllowAnonymous());

        using var response = await app.Client.PostAsync("/open",
            new StringContent($"{{\"name\":\"{new string('x', 4096)}\"}}", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("payload_too_large", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Validation_problem_from_an_endpoint_keeps_its_field_errors()
    {
        await using var app = await TestApp.StartAsync(configureApp: a => a.MapPost("/open", (Payload payload) =>
            new ServiceDefaults.Problems.FieldErrors().Required("name", payload.Name, "项目名称").ToValidationProblem()).AllowAnonymous());

        using var response = await app.Client.PostAsync("/open",
            new StringContent("{\"name\":\"\"}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("validation_failed", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("项目名称不能为空", problem.RootElement.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal("required", problem.RootElement.GetProperty("errorCodes").GetProperty("name")[0].GetString());
    }

    /// <summary>An app whose client sends a valid token: anonymous callers never learn more than 401.</summary>
    private async Task<TestApp> StartSignedIn(Action<WebApplication> map)
    {
        var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["Identity:Url"] = _issuer.Authority }, configureApp: map);
        app.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _issuer.MintToken("projects"));
        return app;
    }

    private sealed record Payload(string? Name);
}
