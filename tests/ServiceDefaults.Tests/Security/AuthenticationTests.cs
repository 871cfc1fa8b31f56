using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests.Security;

/// <summary>JWT bearer validation against a real OIDC discovery document and JWKS (<see cref="TestTokenIssuer"/>).</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private TestTokenIssuer _issuer = null!;
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _issuer = await TestTokenIssuer.StartAsync(TestContext.Current.CancellationToken);
        _app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["Identity:Url"] = _issuer.Authority,
                ["Identity:Audience"] = "projects",
                ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=projects-0-abc123",
            },
            configureApp: app =>
            {
                app.MapGroup("/api/projects").RequireAuthorization().MapCaller("Projects");
                app.MapGet("/api/projects/no-policy", () => "reached");
                app.MapGet("/api/projects/admin", () => "reached").RequireAuthorization(policy => policy.RequireRole("admin"));
            });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Token_for_the_service_audience_is_accepted()
    {
        var token = _issuer.MintToken("projects", [new Claim("sub", "u-140300-001"), new Claim("name", "张三")]);

        using var response = await Get("/api/projects/caller", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = await response.Content.ReadFromJsonAsync<CallerResponse>(TestContext.Current.CancellationToken);
        Assert.Equal(new CallerResponse("projects", "projects-0-abc123", "u-140300-001", "张三", "projects"), caller);
    }

    [Fact]
    public async Task Request_without_a_token_is_rejected()
    {
        using var response = await Get("/api/projects/caller", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Expired_token_is_rejected()
    {
        using var response = await Get("/api/projects/caller", _issuer.MintToken("projects", lifetime: TimeSpan.FromMinutes(-5)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_for_another_audience_is_rejected()
    {
        using var response = await Get("/api/projects/caller", _issuer.MintToken("targets"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_for_several_apis_is_accepted_by_each_of_them_and_by_no_other()
    {
        var token = _issuer.MintToken(["targets", "projects"]);
        var foreign = _issuer.MintToken(["targets", "monitoring"]);

        using var accepted = await Get("/api/projects/caller", token);
        using var rejected = await Get("/api/projects/caller", foreign);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (accepted.StatusCode, rejected.StatusCode));
    }

    [Fact]
    public async Task Token_without_an_audience_is_rejected()
    {
        using var response = await Get("/api/projects/caller", _issuer.MintToken(audience: null!));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_signed_by_a_key_outside_the_jwks_is_rejected()
    {
        using var response = await Get("/api/projects/caller", _issuer.MintTokenWithForeignKey("projects"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Unsigned_token_is_rejected()
    {
        // Same claims as a valid token, re-sent with alg "none" and no signature.
        var valid = _issuer.MintToken("projects");
        var payload = valid.Split('.')[1];
        var header = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"at+jwt"}"""));

        using var response = await Get("/api/projects/caller", $"{header}.{payload}.");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Endpoint_without_a_policy_still_requires_a_signed_in_caller()
    {
        using var response = await Get("/api/projects/no-policy", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Signed_in_caller_without_the_role_gets_a_403_problem()
    {
        using var response = await Get("/api/projects/admin", _issuer.MintToken("projects", [new Claim("role", "unit_officer")]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("forbidden", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Role_claim_of_the_token_is_the_role()
    {
        using var response = await Get("/api/projects/admin", _issuer.MintToken("projects", [new Claim("role", "admin")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Only_access_tokens_are_accepted_with_at_most_one_minute_of_clock_skew()
    {
        var options = _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>>()
            .Get(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme);

        Assert.Equal(["at+jwt"], options.TokenValidationParameters.ValidTypes);
        Assert.True(options.TokenValidationParameters.ClockSkew <= TimeSpan.FromMinutes(1));
        Assert.True(options.TokenValidationParameters.ValidateAudience);
    }

    [Fact]
    public async Task Unknown_path_reveals_nothing_to_an_anonymous_caller()
    {
        using var response = await Get("/api/projects/does-not-exist", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_path_gets_a_404_problem_for_a_signed_in_caller()
    {
        using var response = await Get("/api/projects/does-not-exist", _issuer.MintToken("projects"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("not_found", problem.RootElement.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/openapi/v1.json")]
    public async Task Public_endpoints_need_no_token(string path)
    {
        using var response = await Get(path, token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_declares_bearer_auth_and_no_internal_server()
    {
        using var response = await Get("/openapi/v1.json", token: null);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.False(document.RootElement.TryGetProperty("servers", out var servers) && servers.GetArrayLength() > 0);
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/api/projects/caller", out _));
    }

    private async Task<HttpResponseMessage> Get(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
