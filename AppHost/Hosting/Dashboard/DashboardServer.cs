using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Hosting.Orchestration;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Dashboard;

/// <summary>
/// The operator dashboard: Kestrel on 127.0.0.1, pages and assets embedded in this assembly, a one-time login link
/// exchanged for an HttpOnly SameSite=Strict session cookie, and a JSON API for scripts behind a separate bearer token.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    public const string CookieName = "platform_dashboard";

    /// <summary>POSTs authenticated by the cookie must carry this header: a cross-site form cannot set it.</summary>
    public const string RequestHeader = "X-Dashboard-Request";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Orchestrator _orchestrator;
    private readonly Func<IReadOnlyList<string>> _secrets;
    private readonly ConcurrentDictionary<string, byte> _loginTokens = new();
    private readonly ConcurrentDictionary<string, byte> _sessions = new();
    private WebApplication? _app;

    internal DashboardServer(Orchestrator orchestrator, Func<IReadOnlyList<string>> secrets)
    {
        _orchestrator = orchestrator;
        _secrets = secrets;
        ApiToken = NewToken();
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>The one-time login link printed at start; it works once.</summary>
    public string LoginUrl { get; private set; } = "";

    /// <summary>Bearer token for <c>/api/**</c> (scripts); separate from the login token and valid for the whole run.</summary>
    public string ApiToken { get; }

    /// <summary>Mints another one-time login link (the printed one is used up once opened).</summary>
    public string CreateLoginUrl()
    {
        var token = NewToken();
        _loginTokens[token] = 0;
        return $"{Url}/login?t={token}";
    }

    public async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Platform.Dashboard" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.Use(SecurityHeaders);
        Map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (port != 0)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new HostingException(
                $"仪表板端口 {port} 已被占用：请关闭占用它的程序 (ss -ltnp 'sport = :{port}' 可查看是谁)，或用 --Dashboard:Port=0 改用空闲端口", e);
        }
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address).GetLeftPart(UriPartial.Authority);
        LoginUrl = CreateLoginUrl();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/login", Login);
        app.MapGet("/", (HttpContext context) => Asset(context, "index.html", "text/html; charset=utf-8"));
        app.MapGet("/app.js", (HttpContext context) => Asset(context, "app.js", "text/javascript; charset=utf-8"));
        app.MapGet("/app.css", (HttpContext context) => Asset(context, "app.css", "text/css; charset=utf-8"));
        app.MapGet("/api/resources", Resources);
        app.MapPost("/api/resources/{name}/{command}", CommandAsync);
        app.MapGet("/api/resources/{name}/logs", Logs);
        app.MapGet("/api/resources/{name}/logs/stream", StreamLogsAsync);
        app.MapPost("/api/login-links", (HttpContext context) =>
            IsBearer(context) ? Results.Json(new { url = CreateLoginUrl() }) : Unauthorized(context));
    }

    private IResult Login(HttpContext context, string? t)
    {
        if (t is null || !_loginTokens.TryRemove(t, out _))
        {
            return Page(HttpStatusCode.Unauthorized, "登录链接无效或已使用", "每个登录链接只能使用一次。请使用 AppHost 启动时打印的链接，或用 API 令牌请求新的链接：POST /api/login-links。");
        }
        var session = NewToken();
        _sessions[session] = 0;
        context.Response.Cookies.Append(CookieName, session, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        return Results.Redirect("/");
    }

    private IResult Asset(HttpContext context, string name, string contentType)
    {
        if (!HasSession(context))
        {
            return Page(HttpStatusCode.Unauthorized, "需要登录", "请打开 AppHost 启动时在控制台打印的登录链接 (Dashboard: http://127.0.0.1:…/login?t=…)。");
        }
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"dashboard/{name}")
            ?? throw new InvalidOperationException($"Dashboard asset {name} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Results.Text(reader.ReadToEnd(), contentType);
    }

    private IResult Resources(HttpContext context)
    {
        if (!IsAuthenticated(context))
        {
            return Unauthorized(context);
        }
        var now = DateTimeOffset.UtcNow;
        var snapshots = _orchestrator.Notifications.GetSnapshots();
        var memory = ProcessInfo.TreeResidentBytes(snapshots.SelectMany(s => s.Replicas).Select(r => r.Pid).OfType<int>());
        var resources = snapshots.Select(resource => new
        {
            resource.Name,
            resource.Kind,
            resource.State,
            Health = resource.Health?.ToString(),
            resource.Reason,
            resource.IsExternal,
            resource.IsJob,
            resource.ExternalHttpEndpoints,
            resource.DependsOn,
            Replicas = resource.Replicas.Select(replica => new
            {
                replica.Index,
                replica.InstanceId,
                replica.State,
                Health = replica.Health?.ToString(),
                replica.Pid,
                replica.StartedAt,
                UptimeSeconds = replica.StartedAt is { } started ? (long?)(now - started).TotalSeconds : null,
                replica.ExitCode,
                replica.Restarts,
                replica.Url,
                replica.Reason,
                MemoryBytes = replica.Pid is { } pid ? memory.GetValueOrDefault(pid) : 0,
                replica.Environment,
            }),
        }).ToList();
        return Results.Json(new { resources }, Json);
    }

    private async Task<IResult> CommandAsync(HttpContext context, string name, string command, int? replica)
    {
        if (!IsAuthenticated(context))
        {
            return Unauthorized(context);
        }
        if (!IsBearer(context) && !context.Request.Headers.ContainsKey(RequestHeader))
        {
            return Problem(HttpStatusCode.Forbidden, "请求被拒绝", $"仪表板的操作请求必须带 {RequestHeader} 请求头 (防止跨站请求伪造)。");
        }
        if (!ResourceCommandService.Commands.Contains(command))
        {
            return Problem(HttpStatusCode.NotFound, "未知操作", $"操作只能是 {string.Join("、", ResourceCommandService.Commands)}。");
        }
        if (_orchestrator.Runtimes.All(r => r.Resource.Name != name))
        {
            return Problem(HttpStatusCode.NotFound, "资源不存在", $"没有名为 {name} 的资源。");
        }
        try
        {
            await new ResourceCommandService(_orchestrator).ExecuteCommandAsync(name, command, replica).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return Problem(HttpStatusCode.BadRequest, "无法执行操作", e.Message);
        }
        return Results.Json(new { name, command, replica, state = _orchestrator.Notifications.GetSnapshot(name).State }, Json);
    }

    private IResult Logs(HttpContext context, string name, long? after)
    {
        if (!IsAuthenticated(context))
        {
            return Unauthorized(context);
        }
        if (_orchestrator.Runtimes.All(r => r.Resource.Name != name))
        {
            return Problem(HttpStatusCode.NotFound, "资源不存在", $"没有名为 {name} 的资源。");
        }
        var lines = _orchestrator.GetLogs(name).Read(after + 1 ?? 0);
        var secrets = _secrets();
        return Results.Json(new
        {
            lines = lines.Select(l => new { l.Sequence, l.Timestamp, Text = SecretMasker.MaskText(l.Text, secrets), l.IsError, l.Replica }),
        }, Json);
    }

    private async Task StreamLogsAsync(HttpContext context, string name)
    {
        if (!IsAuthenticated(context) || _orchestrator.Runtimes.All(r => r.Resource.Name != name))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        var buffer = _orchestrator.GetLogs(name);
        var next = long.TryParse(context.Request.Headers["Last-Event-ID"], out var last) ? last + 1 : 0;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var aborted = context.RequestAborted;
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                var changed = buffer.WaitForChangeAsync(aborted);
                var secrets = _secrets();
                foreach (var line in buffer.Read(next))
                {
                    var payload = JsonSerializer.Serialize(new { line.Sequence, line.Timestamp, Text = SecretMasker.MaskText(line.Text, secrets), line.IsError, line.Replica }, Json);
                    await context.Response.WriteAsync($"id: {line.Sequence}\ndata: {payload}\n\n", aborted).ConfigureAwait(false);
                    next = line.Sequence + 1;
                }
                await context.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
                await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(15), aborted)).ConfigureAwait(false);
                if (!changed.IsCompleted)
                {
                    // A comment line keeps idle connections from being cut by anything in between.
                    await context.Response.WriteAsync(": keep-alive\n\n", aborted).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The browser went away.
        }
    }

    private async Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        // Only our own address: a DNS-rebinding page must not be able to talk to the dashboard under another host name.
        var host = context.Request.Host.Host;
        if (host is not ("127.0.0.1" or "localhost" or "[::1]"))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        await next().ConfigureAwait(false);
    }

    private bool IsAuthenticated(HttpContext context) => IsBearer(context) || HasSession(context);

    private bool HasSession(HttpContext context) =>
        context.Request.Cookies.TryGetValue(CookieName, out var session) && session is not null && _sessions.ContainsKey(session);

    private bool IsBearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var presented = Encoding.UTF8.GetBytes(header[prefix.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(ApiToken));
    }

    private static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problem(HttpStatusCode.Unauthorized, "未登录", "请先用登录链接登录，或带上 Authorization: Bearer <API 令牌>。");
    }

    private static IResult Problem(HttpStatusCode status, string title, string detail) =>
        Results.Json(new { type = "about:blank", title, status = (int)status, detail }, Json, "application/problem+json", (int)status);

    private static IResult Page(HttpStatusCode status, string title, string message)
    {
        var html = $"""
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)} - 平台仪表板</title></head>
            <body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, (int)status);
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
