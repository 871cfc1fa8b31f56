namespace Platform.Gateway.Edge;

/// <summary>
/// Browser hardening headers on every response the gateway sends, forwarded ones included. An upstream
/// that sets its own value keeps it (identity's sign-in pages may need a different CSP); everything
/// else gets the portal's policy.
/// </summary>
internal static class SecurityHeaders
{
    // The Vite build loads only same-origin module scripts, so scripts stay strict; Element Plus and
    // ECharts set inline styles, and ECharts renders to canvas/blob images.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                SetIfAbsent(headers, "Content-Security-Policy", ContentSecurityPolicy);
                SetIfAbsent(headers, "X-Content-Type-Options", "nosniff");
                SetIfAbsent(headers, "X-Frame-Options", "DENY");
                SetIfAbsent(headers, "Referrer-Policy", "no-referrer");
                return Task.CompletedTask;
            }, context);
            return next(context);
        });

    private static void SetIfAbsent(IHeaderDictionary headers, string name, string value)
    {
        if (!headers.ContainsKey(name))
        {
            headers[name] = value;
        }
    }
}
