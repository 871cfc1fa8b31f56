using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Platform.Contracts.Http;
using Platform.ServiceDefaults.Problems;

namespace Platform.ServiceDefaults.Tests.TypedClients;

/// <summary>A small real service the typed-client tests call over loopback.</summary>
internal sealed class Upstream : IAsyncDisposable
{
    private Upstream(WebApplication app) => App = app;

    public WebApplication App { get; }

    public Uri Address => new(App.Urls.First());

    /// <summary>Completed when a request to <c>/slow</c> was aborted by its client.</summary>
    public TaskCompletionSource SlowAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<Upstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var upstream = new Upstream(app);

        app.MapGet("/echo/{**rest}", (HttpContext context) => new Echo(
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            context.Request.Headers.Authorization.ToString(),
            context.Request.Headers[ApiRequestOptions.IdempotencyKeyHeader].ToString()));
        app.MapPost("/items", (Item item, HttpContext context) => Results.Created($"/items/{item.Code}", item with
        {
            Name = $"{item.Name}（{context.Request.Headers[ApiRequestOptions.IdempotencyKeyHeader]}）",
        }));
        app.MapPost("/items/invalid", () => new FieldErrors().Required("name", null, "项目名称").ToValidationProblem());
        app.MapDelete("/items/{code}", (string code) => Results.NoContent());
        app.MapGet("/broken", () => Results.Text(new string('错', 10_000), "text/plain", statusCode: (int)HttpStatusCode.BadGateway));
        app.MapGet("/slow", async (HttpContext context) =>
        {
            context.RequestAborted.Register(() => upstream.SlowAborted.TrySetResult());
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        app.MapGet("/protected", (HttpContext context) => context.Request.Headers.Authorization.ToString() switch
        {
            "Bearer revoked" => Results.Unauthorized(),
            var header => Results.Text(header),
        });

        await app.StartAsync(TestContext.Current.CancellationToken);
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}

internal sealed record Echo(string RawTarget, string Authorization, string IdempotencyKey);

internal sealed record Item(string Code, string Name, decimal Amount);

/// <summary>A typed client as a service would write one: thin methods over <see cref="ApiClientBase"/>.</summary>
internal sealed class InventoryClient(HttpClient http) : ApiClientBase(http)
{
    public Task<Echo> EchoAsync(string segment, object? query = null, CancellationToken cancellationToken = default) =>
        GetAsync<Echo>(Route($"/echo/{segment}"), query, cancellationToken);

    public Task<ApiResponse<Item>> CreateAsync(Item item, string? idempotencyKey, CancellationToken cancellationToken = default) =>
        SendAsync<Item>(HttpMethod.Post, "/items", System.Net.Http.Json.JsonContent.Create(item, options: Contracts.Json.ApiJson.Options), idempotencyKey, cancellationToken);

    public Task<Item> CreateInvalidAsync(Item item, CancellationToken cancellationToken = default) =>
        PostAsync<Item, Item>("/items/invalid", item, cancellationToken: cancellationToken);

    public Task RemoveAsync(string code, CancellationToken cancellationToken = default) =>
        DeleteAsync(Route($"/items/{code}"), cancellationToken);

    public Task<string> BrokenAsync(CancellationToken cancellationToken = default) => GetAsync<string>("/broken", cancellationToken: cancellationToken);

    public Task<string> SlowAsync(CancellationToken cancellationToken = default) => GetAsync<string>("/slow", cancellationToken: cancellationToken);

    public Task<string> ProtectedAsync(CancellationToken cancellationToken = default) => GetAsync<string>("/protected", cancellationToken: cancellationToken);
}
