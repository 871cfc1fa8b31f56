using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;

namespace Platform.Identity.Account;

/// <summary>
/// The sign-in pages' HTML: one layout, text always encoded, no inline script or style (the gateway's CSP forbids
/// them; the stylesheet is <c>/account/static/site.css</c>), never cached, never framed.
/// </summary>
public static class Html
{
    public const string StylesheetPath = "/account/static/site.css";

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => Encoder.Encode(text ?? "");

    public static IResult Page(HttpContext context, string title, string body, int status = StatusCodes.Status200OK)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";
        var html = $"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(title)} - 预算绩效管理平台</title>
            <link rel="stylesheet" href="{StylesheetPath}">
            <link rel="icon" type="image/svg+xml" href="/favicon.svg">
            </head>
            <body>
            <main class="card">
            <h1 class="brand">预算绩效管理平台</h1>
            <h2>{Encode(title)}</h2>
            {body}
            </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>A POST form with its anti-forgery token; <paramref name="fields"/> is already-encoded HTML.</summary>
    public static string Form(HttpContext context, IAntiforgery antiforgery, string action, string fields, string submit)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"""
            <form method="post" action="{Encode(action)}">
            <input type="hidden" name="{Encode(tokens.FormFieldName)}" value="{Encode(tokens.RequestToken)}">
            {fields}
            <button type="submit">{Encode(submit)}</button>
            </form>
            """;
    }

    public static string Hidden(string name, string? value) =>
        $"""<input type="hidden" name="{Encode(name)}" value="{Encode(value)}">""";

    public static string Input(string name, string label, string type = "text", string? value = null, string? autocomplete = null, bool autofocus = false, string? extra = null) =>
        $"""
        <label for="{Encode(name)}">{Encode(label)}</label>
        <input id="{Encode(name)}" name="{Encode(name)}" type="{Encode(type)}" value="{Encode(value)}"{(autocomplete is null ? "" : $" autocomplete=\"{Encode(autocomplete)}\"")}{(autofocus ? " autofocus" : "")}{extra} required>
        """;

    public static string Message(string? text, string kind = "error") =>
        string.IsNullOrEmpty(text) ? "" : $"""<p class="message {kind}" role="alert">{Encode(text)}</p>""";

    public static string Messages(IEnumerable<string> texts, string kind = "error")
    {
        var items = texts.Where(t => !string.IsNullOrEmpty(t)).Select(t => $"<li>{Encode(t)}</li>").ToList();
        return items.Count == 0 ? "" : $"""<ul class="message {kind}" role="alert">{string.Concat(items)}</ul>""";
    }

    public static string Paragraph(string text) => $"<p>{Encode(text)}</p>";

    /// <summary>303 See Other: after a form post the browser follows with a GET.</summary>
    public static IResult SeeOther(HttpContext context, string location)
    {
        context.Response.Headers.Location = location;
        context.Response.Headers.CacheControl = "no-store";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }
}
