using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Platform.Hosting;
using Platform.Hosting.Dashboard;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>The operator dashboard over a small real graph: Redis plus a long-running shell command.</summary>
public sealed class DashboardTests
{
    private const string ApiKeyValue = "apikey-7f3c9d2e";

    [Fact]
    public async Task Requests_without_a_token_or_session_are_refused()
    {
        await using var app = await StartAsync();
        using var http = NewClient(app);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/resources", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/", Ct)).StatusCode);
        using var wrongToken = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        wrongToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrongToken, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_login_link_works_once_and_sets_a_strict_HttpOnly_cookie()
    {
        await using var app = await StartAsync();
        using var http = NewClient(app);
        var dashboard = app.Application.Dashboard!;

        var first = await http.GetAsync(dashboard.LoginUrl, Ct);
        var second = await http.GetAsync(dashboard.LoginUrl, Ct);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);

        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Add("Cookie", cookie.Split(';')[0]);
        var html = await http.SendAsync(page, Ct);
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Contains("运维仪表板", await html.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Api_resources_returns_states_and_masks_secrets()
    {
        await using var app = await StartAsync();
        await app.WaitForResourceHealthyAsync("redis", Ct);
        await app.WaitForResourceAsync("worker", KnownResourceStates.Running, Ct);
        using var http = NewClient(app, bearer: true);

        var body = await http.GetStringAsync("/api/resources", Ct);

        using var json = JsonDocument.Parse(body);
        var resources = json.RootElement.GetProperty("resources").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal("Running", resources["redis"].GetProperty("state").GetString());
        Assert.Equal("Healthy", resources["redis"].GetProperty("health").GetString());
        var worker = resources["worker"].GetProperty("replicas")[0];
        Assert.True(worker.GetProperty("pid").GetInt32() > 0);
        Assert.True(worker.GetProperty("memoryBytes").GetInt64() > 0);
        var environment = worker.GetProperty("environment");
        Assert.Equal("******", environment.GetProperty("MY_API_KEY").GetString());
        Assert.Contains("password=******", environment.GetProperty("ConnectionStrings__redis").GetString());
        var redisPassword = Hosting.Infrastructure.EmbeddedRedis.ParseConnectionString((await app.GetConnectionStringAsync("redis", Ct))!).Password;
        Assert.DoesNotContain(redisPassword, body);
        Assert.DoesNotContain(ApiKeyValue, body);
    }

    [Fact]
    public async Task A_command_with_the_session_cookie_but_without_the_request_header_is_refused()
    {
        await using var app = await StartAsync();
        await app.WaitForResourceAsync("worker", KnownResourceStates.Running, Ct);
        using var http = NewClient(app);
        var cookie = (await http.GetAsync(app.Application.Dashboard!.LoginUrl, Ct)).Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var forged = new HttpRequestMessage(HttpMethod.Post, "/api/resources/worker/stop");
        forged.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(forged, Ct)).StatusCode);

        using var genuine = new HttpRequestMessage(HttpMethod.Post, "/api/resources/worker/stop");
        genuine.Headers.Add("Cookie", cookie);
        genuine.Headers.Add(DashboardServer.RequestHeader, "1");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(genuine, Ct)).StatusCode);
        Assert.Equal(KnownResourceStates.Exited, app.ResourceNotifications.GetSnapshot("worker").State);
    }

    [Fact]
    public async Task Restart_through_the_api_gives_the_resource_a_new_process()
    {
        await using var app = await StartAsync();
        var before = (await app.WaitForResourceAsync("worker", KnownResourceStates.Running, Ct)).Replicas[0].Pid;
        using var http = NewClient(app, bearer: true);

        var response = await http.PostAsync("/api/resources/worker/restart", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await app.ResourceNotifications.WaitForResourceAsync("worker", s => s.State == KnownResourceStates.Running && s.Replicas[0].Pid != before, Ct);
        Assert.Equal(1, after.Replicas[0].Restarts);
    }

    [Fact]
    public async Task Console_logs_of_a_resource_are_served_with_secrets_masked()
    {
        await using var app = await StartAsync();
        using var http = NewClient(app, bearer: true);
        var logs = app.GetLogBuffer("worker");
        while (true)
        {
            var changed = logs.WaitForChangeAsync(Ct);
            if (logs.Read().Count > 0)
            {
                break;
            }
            await changed;
        }

        var body = await http.GetStringAsync("/api/resources/worker/logs", Ct);

        Assert.Contains("worker started", body);
        Assert.Contains("key=******", body);
        Assert.DoesNotContain(ApiKeyValue, body);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<TestingApplication> StartAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(b =>
        {
            var redis = b.AddRedis("redis");
            b.AddExecutable("worker", "sh", Path.GetTempPath(), "-c", "echo \"worker started password=$MY_API_KEY key=$MY_API_KEY\"; exec sleep 300")
                .WithReference(redis).WaitFor(redis)
                .WithEnvironment("MY_API_KEY", ApiKeyValue);
        }, o => o.EnableDashboard = true, Ct);
        var app = await builder.BuildAsync(Ct);
        await app.StartAsync(Ct);
        return app;
    }

    private static HttpClient NewClient(TestingApplication app, bool bearer = false)
    {
        var dashboard = app.Application.Dashboard!;
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
        {
            BaseAddress = new Uri(dashboard.Url),
        };
        if (bearer)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", dashboard.ApiToken);
        }
        return http;
    }
}
