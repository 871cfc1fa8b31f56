using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Tests.Messaging;

/// <summary>
/// The receiving service and the identity provider in one small loopback app: <c>/connect/token</c> issues a
/// client-credentials token, <c>/api/{service}/inbox/{type}</c> records each delivery and answers what the test says.
/// </summary>
internal sealed class FakeReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeReceiver(WebApplication app) => _app = app;

    public string Address => _app.Urls.First();

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public ConcurrentQueue<string> TokenScopes { get; } = new();

    /// <summary>The status the inbox answers; 200 unless a test says otherwise.</summary>
    public int Status { get; set; } = StatusCodes.Status200OK;

    /// <summary>How long the inbox takes to answer.</summary>
    public TimeSpan Delay { get; set; }

    public static async Task<FakeReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new FakeReceiver(app);
        app.MapPost("/connect/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            receiver.TokenScopes.Enqueue(form["scope"].ToString());
            return Results.Json(new { access_token = $"svc-{form["scope"]}", token_type = "Bearer", expires_in = 3600 });
        });
        app.MapPost("/api/{service}/inbox/{type}", async (string service, string type, HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Deliveries.Enqueue(new Delivery(service, type, context.Request.Headers["Idempotency-Key"].ToString(),
                context.Request.Headers.Authorization.ToString(), body));
            if (receiver.Delay > TimeSpan.Zero)
            {
                await Task.Delay(receiver.Delay);
            }
            return receiver.Status is >= 200 and < 300
                ? Results.Ok()
                : Results.Problem(title: "拒绝", statusCode: receiver.Status);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    public sealed record Delivery(string Service, string Type, string IdempotencyKey, string Authorization, string Body);
}
