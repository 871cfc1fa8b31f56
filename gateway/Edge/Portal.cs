using System.Reflection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Platform.Gateway.Edge;

/// <summary>
/// Serves the built Vue portal (gateway/wwwroot, written by the portal's Vite build): hashed files under
/// <c>assets/</c> cached for a year, everything else revalidated, and any other non-API GET answered
/// with index.html so the client-side router can take deep links. Without a build, '/' explains that
/// in a 503 page instead of failing.
/// </summary>
public static class Portal
{
    private const string NotBuiltPage = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><title>门户尚未构建</title></head>
        <body>
        <h1>门户尚未构建</h1>
        <p>网关没有找到门户的构建产物（wwwroot/index.html），因此暂时无法显示页面。</p>
        <p>请运行 <code>./platform.sh run</code>（会自动构建门户），或在 gateway/portal 目录执行 <code>npm ci</code> 和 <code>npm run build</code>，然后重启网关。</p>
        </body>
        </html>
        """;

    private static readonly PathString[] BackendPrefixes = ["/api", "/connect", "/.well-known", "/account"];

    /// <summary>Static files of the portal; call before routing so they bypass auth and rate limits.</summary>
    public static IApplicationBuilder UsePortalFiles(this WebApplication app)
    {
        var root = ResolveRoot(app);
        if (root is null)
        {
            return app;
        }

        var options = new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            OnPrepareResponse = static file =>
            {
                var immutable = file.Context.Request.Path.StartsWithSegments("/assets", StringComparison.OrdinalIgnoreCase);
                file.Context.Response.Headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
            },
        };

        // Proxied paths never name a portal file; skipping them saves a file-system lookup per API call.
        return app.UseWhen(context => !IsBackendPath(context.Request.Path), branch => branch.UseStaticFiles(options));
    }

    private static bool IsBackendPath(PathString path)
    {
        foreach (var prefix in BackendPrefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The SPA fallback: index.html for client routes, 404 ProblemDetails for unknown API paths.</summary>
    public static IEndpointConventionBuilder MapPortal(this WebApplication app)
    {
        var root = ResolveRoot(app);
        var files = root is null ? null : new PhysicalFileProvider(root);
        if (files is null)
        {
            GatewayLog.PortalMissing(app.Logger, DefaultRoot(app));
        }

        // Anonymous and catching everything no other endpoint takes, so that what is not there is a 404
        // for everyone rather than the 401 of the authenticated-user fallback policy.
        return app.MapFallback("{**path}", context =>
            {
                if (IsBackendPath(context.Request.Path))
                {
                    return GatewayProblems.ApiNotFound(context);
                }

                // A path with a file extension that the static files did not serve (a stale /assets/x.js)
                // must not be answered with index.html: the browser would run HTML as a script.
                if ((!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
                    || Path.HasExtension(context.Request.Path.Value))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                context.Response.Headers.CacheControl = "no-cache";

                // Looked up per request: a rebuilt portal changes index.html's size under a running gateway.
                var index = files?.GetFileInfo("index.html");
                if (index is not { Exists: true })
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.Response.ContentType = "text/html; charset=utf-8";
                    return context.Response.WriteAsync(NotBuiltPage);
                }

                context.Response.ContentType = "text/html; charset=utf-8";
                return context.Response.SendFileAsync(index);
            })
            .AllowAnonymous()
            .WithDisplayName("portal fallback");
    }

    /// <summary>The folder holding index.html: <c>Gateway:PortalRoot</c>, else the web root, else (a
    /// development run from bin/) the project's own wwwroot recorded at build time.</summary>
    private static string? ResolveRoot(WebApplication app)
    {
        var configured = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.PortalRoot;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var path = Path.GetFullPath(configured, app.Environment.ContentRootPath);
            return File.Exists(Path.Combine(path, "index.html")) ? path : null;
        }

        var candidates = new[] { DefaultRoot(app), ProjectWebRoot() };
        return candidates.FirstOrDefault(c => c is not null && File.Exists(Path.Combine(c, "index.html")));
    }

    private static string DefaultRoot(WebApplication app) =>
        app.Environment.WebRootPath is { Length: > 0 } webRoot ? webRoot : Path.Combine(app.Environment.ContentRootPath, "wwwroot");

    private static string? ProjectWebRoot() =>
        typeof(Portal).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GatewayProjectDirectory")?.Value is { Length: > 0 } project
            ? Path.Combine(project, "wwwroot")
            : null;
}
