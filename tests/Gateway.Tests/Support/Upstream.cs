using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Platform.Gateway.Tests.Support;

/// <summary>A real Kestrel app on a loopback port playing one backend replica.</summary>
internal sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Upstream(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c></summary>
    public string Url { get; }

    public int Port => new Uri(Url).Port;

    /// <summary>Over plain http Kestrel speaks HTTP/1.1 unless the endpoint is HTTP/2 only (h2c, prior knowledge).</summary>
    public static async Task<Upstream> StartAsync(Action<WebApplication> map, HttpProtocols protocols = HttpProtocols.Http1AndHttp2)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        var app = builder.Build();
        map(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new Upstream(app, app.Urls.Single().TrimEnd('/'));
    }

    /// <summary>An upstream answering every path with an <see cref="Echo"/> of what it received.</summary>
    public static Task<Upstream> StartEchoAsync(
        string name, Action<WebApplication>? more = null, HttpProtocols protocols = HttpProtocols.Http1AndHttp2) =>
        StartAsync(app =>
        {
            more?.Invoke(app);
            app.Map("/{**path}", context => Echo.WriteAsync(context, name));
        }, protocols);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

/// <summary>What an echo upstream saw.</summary>
internal sealed record Echo(string Server, string Method, string Path, string Query, Dictionary<string, string[]> Headers, long BodyLength)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { } values
            ? string.Join(", ", values)
            : null;

    public int HeaderCount(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Sum(h => h.Value.Length);

    public static async Task WriteAsync(HttpContext context, string server)
    {
        long length = 0;
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            length += read;
        }

        var echo = new Echo(
            server,
            context.Request.Method,
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget.Split('?')[0],
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase),
            length);
        await context.Response.WriteAsJsonAsync(echo, Json, context.RequestAborted);
    }

    public static async Task<Echo> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.Content.ReadFromJsonAsync<Echo>(Json, TestContext.Current.CancellationToken);
        return echo ?? throw new InvalidOperationException("empty echo");
    }
}
