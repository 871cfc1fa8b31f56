using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Platform.Contracts.Http;

namespace Platform.ServiceDefaults.Tests.TypedClients;

public sealed class TokenHandlerTests : IAsyncLifetime
{
    private Upstream _upstream = null!;
    private WebApplication _identity = null!;
    private readonly ConcurrentQueue<string> _tokenRequests = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private int _issued;
    private volatile bool _identityBroken;
    private volatile bool _revokeFirst;

    public async ValueTask InitializeAsync()
    {
        _upstream = await Upstream.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _identity = builder.Build();
        _identity.MapPost("/connect/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            _tokenRequests.Enqueue($"{context.Request.Headers.Authorization} {form["grant_type"]} {form["scope"]}");
            if (_identityBroken)
            {
                return Results.StatusCode(503);
            }
            // Slow enough that concurrent callers overlap with the one refresh in flight.
            await Task.Delay(100);
            var number = Interlocked.Increment(ref _issued);
            var token = _revokeFirst && number == 1 ? "revoked" : $"t{number}";
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 300 });
        });
        await _identity.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _identity.StopAsync(CancellationToken.None);
        await _identity.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_calls_share_one_token_request()
    {
        await using var services = ClientCredentialsServices();
        var client = services.GetRequiredService<InventoryClient>();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.ProtectedAsync(TestContext.Current.CancellationToken)));

        Assert.All(results, r => Assert.Equal("Bearer t1", r));
        Assert.Single(_tokenRequests);
    }

    [Fact]
    public async Task Token_request_authenticates_the_client_and_names_the_scope()
    {
        await using var services = ClientCredentialsServices();

        await services.GetRequiredService<InventoryClient>().ProtectedAsync(TestContext.Current.CancellationToken);

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("projects:s%26cret"));
        Assert.Equal([$"Basic {basic} client_credentials inventory"], _tokenRequests);
    }

    [Fact]
    public async Task Token_is_reused_until_shortly_before_it_expires()
    {
        await using var services = ClientCredentialsServices();
        var client = services.GetRequiredService<InventoryClient>();

        var first = await client.ProtectedAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(200));
        var stillValid = await client.ProtectedAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(50));
        var renewed = await client.ProtectedAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Bearer t1", "Bearer t1", "Bearer t2"], [first, stillValid, renewed]);
    }

    [Fact]
    public async Task Failed_renewal_keeps_using_a_token_that_is_still_valid()
    {
        await using var services = ClientCredentialsServices();
        var client = services.GetRequiredService<InventoryClient>();
        await client.ProtectedAsync(TestContext.Current.CancellationToken);

        _identityBroken = true;
        _time.Advance(TimeSpan.FromSeconds(250));
        var result = await client.ProtectedAsync(TestContext.Current.CancellationToken);

        Assert.Equal("Bearer t1", result);
        Assert.Equal(2, _tokenRequests.Count);
    }

    [Fact]
    public async Task Rejected_token_is_dropped_and_replaced_on_the_next_call()
    {
        _revokeFirst = true;
        await using var services = ClientCredentialsServices();
        var client = services.GetRequiredService<InventoryClient>();

        var rejected = await Assert.ThrowsAsync<ApiException>(() => client.ProtectedAsync(TestContext.Current.CancellationToken));
        var next = await client.ProtectedAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("Bearer t2", next);
    }

    [Fact]
    public async Task Missing_client_secret_is_named()
    {
        await using var services = ClientCredentialsServices(secret: null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            services.GetRequiredService<InventoryClient>().ProtectedAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Identity:ClientSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_token_of_the_current_request_is_forwarded()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer user-token";
        await using var services = UserTokenServices(context);

        var echo = await services.GetRequiredService<InventoryClient>().EchoAsync("x", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Bearer user-token", echo.Authorization);
    }

    [Fact]
    public async Task Non_bearer_credentials_are_not_forwarded()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Basic dXNlcjpwYXNz";
        await using var services = UserTokenServices(context);

        var echo = await services.GetRequiredService<InventoryClient>().EchoAsync("x", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("", echo.Authorization);
    }

    private ServiceProvider ClientCredentialsServices(string? secret = "s&cret")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:Url"] = _identity.Urls.First(),
            ["Identity:ClientId"] = "projects",
            ["Identity:ClientSecret"] = secret,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(_time);
        services.AddTypedClient<InventoryClient>("inventory")
            .ConfigureHttpClient(http => http.BaseAddress = _upstream.Address)
            .AddClientCredentialsToken("inventory");
        return services.BuildServiceProvider();
    }

    private ServiceProvider UserTokenServices(HttpContext context)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor { HttpContext = context });
        services.AddTypedClient<InventoryClient>("inventory")
            .ConfigureHttpClient(http => http.BaseAddress = _upstream.Address)
            .AddUserTokenForwarding();
        return services.BuildServiceProvider();
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
