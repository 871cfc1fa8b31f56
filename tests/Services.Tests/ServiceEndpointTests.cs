using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Platform.Contracts;
using Platform.ServiceDefaults;

namespace Platform.Services.Tests;

/// <summary>Each service, running as its own process after its migration step, answers as the platform expects.</summary>
public sealed class ServiceEndpointTests(RunningServices services) : IClassFixture<RunningServices>
{
    public static TheoryData<string> Services => ServiceProcess.All;

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Health_reports_database_and_redis_healthy(string service)
    {
        var running = await services.GetAsync(service);
        var database = ResourceNames.Services.Single(s => s.Service == service).Database;

        using var response = await services.Http.GetAsync(new Uri(running.Address, "/health"), TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty($"PostgreSql_{database}").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("StackExchange.Redis").GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Alive_answers_without_a_token(string service)
    {
        var running = await services.GetAsync(service);

        using var response = await services.Http.GetAsync(new Uri(running.Address, "/alive"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Caller_without_a_token_is_401(string service)
    {
        var running = await services.GetAsync(service);

        using var response = await GetCaller(running, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Caller_with_a_token_for_the_service_says_who_answered_for_whom(string service)
    {
        var running = await services.GetAsync(service);
        var token = services.Issuer.MintToken(service, [new Claim("sub", "u-140322-007"), new Claim("name", "李四")]);

        using var response = await GetCaller(running, token);
        var caller = await response.Content.ReadFromJsonAsync<CallerResponse>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new CallerResponse(service, running.InstanceId, "u-140322-007", "李四", service), caller);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Caller_with_a_token_for_another_service_is_401(string service)
    {
        var running = await services.GetAsync(service);
        var other = ResourceNames.Services.Select(s => s.Service).First(s => s != service);

        using var response = await GetCaller(running, services.Issuer.MintToken(other));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task OpenApi_document_lists_the_caller_endpoint(string service)
    {
        var running = await services.GetAsync(service);

        using var response = await services.Http.GetAsync(new Uri(running.Address, "/openapi/v1.json"), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty($"/api/{service}/caller", out _));
    }

    private async Task<HttpResponseMessage> GetCaller(RunningService running, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(running.Address, $"/api/{running.Name}/caller"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await services.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
