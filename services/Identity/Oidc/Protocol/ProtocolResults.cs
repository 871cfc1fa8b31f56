using System.Text.Json;

namespace Platform.Identity.Oidc.Protocol;

/// <summary>
/// JSON answers of the protocol endpoints: snake_case members as the RFCs name them, never cached
/// (<c>Cache-Control: no-store</c>), errors as <c>{"error", "error_description"}</c>.
/// </summary>
public static class ProtocolResults
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static IResult Ok(object body, HttpContext context) => Write(context, 200, body);

    /// <summary>
    /// An RFC 6749 §5.2 error. <paramref name="basicChallenge"/>: the client tried HTTP Basic authentication and failed,
    /// so the answer carries <c>WWW-Authenticate</c> (401).
    /// </summary>
    public static IResult Error(HttpContext context, string error, string description, int status = 400, bool basicChallenge = false)
    {
        if (basicChallenge)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"identity\", charset=\"UTF-8\"";
        }
        return Write(context, status, new Dictionary<string, object?> { ["error"] = error, ["error_description"] = description });
    }

    /// <summary>An RFC 6750 bearer-token error for userinfo: 401 with the error in <c>WWW-Authenticate</c>.</summary>
    public static IResult BearerError(HttpContext context, string error, string description, int status = 401)
    {
        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"{error}\", error_description=\"{description}\"";
        return Write(context, status, new Dictionary<string, object?> { ["error"] = error, ["error_description"] = description });
    }

    public static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }

    private static IResult Write(HttpContext context, int status, object body)
    {
        NoStore(context);
        return Results.Json(body, Json, "application/json; charset=utf-8", status);
    }
}
