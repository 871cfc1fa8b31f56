namespace Platform.Gateway.Edge;

/// <summary>
/// The gateway's own error answers: RFC 7807 bodies in Chinese with a stable English <c>code</c>. They
/// never carry addresses, destination names or exception text: those go to the log only.
/// </summary>
public static class GatewayProblems
{
    public static Task BadGateway(HttpContext context) => WriteAsync(context, StatusCodes.Status502BadGateway,
        "upstream_unreachable", "后端服务不可达", "网关无法连接到处理该请求的后端服务，请稍后重试。");

    public static Task GatewayTimeout(HttpContext context) => WriteAsync(context, StatusCodes.Status504GatewayTimeout,
        "upstream_timeout", "后端服务响应超时", "后端服务没有在规定时间内响应，请稍后重试。");

    public static Task NoHealthyUpstream(HttpContext context) => WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
        "no_healthy_upstream", "服务暂时不可用", "当前没有可用的后端服务实例，请稍后重试。");

    public static Task PayloadTooLarge(HttpContext context, long? limit) => WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
        "request_too_large", "请求内容过大",
        limit is { } bytes ? $"请求体超过了该接口允许的上限（{bytes} 字节）。" : "请求体超过了该接口允许的上限。");

    public static Task BadRequestBody(HttpContext context) => WriteAsync(context, StatusCodes.Status400BadRequest,
        "bad_request_body", "请求体无效", "网关未能完整读取请求体，请检查后重新提交。");

    public static Task TooManyRequests(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteAsync(context, StatusCodes.Status429TooManyRequests,
            "rate_limited", "请求过于频繁", $"请求次数超过了限制，请在 {retryAfterSeconds} 秒后重试。");
    }

    public static Task ApiNotFound(HttpContext context) => WriteAsync(context, StatusCodes.Status404NotFound,
        "not_found", "接口不存在", "请求的接口地址不存在，请检查地址是否正确。");

    private static Task WriteAsync(HttpContext context, int status, string code, string title, string detail)
    {
        // Whatever a failed upstream attempt put on the response must not leak into the error.
        var retryAfter = context.Response.Headers.RetryAfter;
        context.Response.Clear();
        if (status == StatusCodes.Status429TooManyRequests)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        var extensions = new Dictionary<string, object?> { ["code"] = code };
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions).ExecuteAsync(context);
    }
}
