using Microsoft.AspNetCore.WebUtilities;

namespace Platform.ServiceDefaults.Problems;

/// <summary>
/// What each status means to a finance officer (Chinese title and detail) and to a program (stable English
/// <c>code</c>). Used for every problem the framework produces itself; endpoints set their own titles.
/// </summary>
public static class ProblemCatalog
{
    public sealed record Entry(string Code, string Title, string? Detail);

    private static readonly Dictionary<int, Entry> Entries = new()
    {
        [400] = new("bad_request", "请求无效", "请求的格式或内容不正确，请检查后重试。"),
        [401] = new("unauthorized", "未登录或登录已过期", "请重新登录后再试。"),
        [403] = new("forbidden", "没有权限", "您的账号没有执行此操作的权限，如需办理请联系本单位管理员。"),
        [404] = new("not_found", "未找到", "请求的资源不存在或已被删除。"),
        [405] = new("method_not_allowed", "不支持的请求方式", "该地址不支持此请求方式。"),
        [406] = new("not_acceptable", "无法提供所需格式", "服务器无法以请求的格式返回结果。"),
        [408] = new("request_timeout", "请求超时", "请求发送时间过长，请重试。"),
        [409] = new("conflict", "数据冲突", "数据已被他人修改或状态已变化，请刷新后重试。"),
        [412] = new("precondition_failed", "数据已变化", "数据已被他人修改，请刷新后重试。"),
        [413] = new("payload_too_large", "提交的内容过大", "请减小文件或数据的大小后重试。"),
        [415] = new("unsupported_media_type", "不支持的内容类型", "请以系统支持的格式提交数据。"),
        [422] = new("unprocessable", "数据未通过业务校验", "请根据提示修改后重新提交。"),
        [429] = new("too_many_requests", "请求过于频繁", "请稍后再试。"),
        [500] = new("internal_error", "服务器内部错误", "服务器处理请求时出错，请稍后重试；如问题持续，请联系管理员并提供追踪编号。"),
        [502] = new("bad_gateway", "服务暂时不可用", "后端服务无响应，请稍后重试。"),
        [503] = new("service_unavailable", "服务暂时不可用", "服务正在维护或负载过高，请稍后重试。"),
        [504] = new("gateway_timeout", "服务响应超时", "后端服务处理超时，请稍后重试。"),
    };

    /// <summary>Title ASP.NET Core gives a validation problem when the endpoint set none.</summary>
    internal const string FrameworkValidationTitle = "One or more validation errors occurred.";

    private const string FrameworkServerErrorTitle = "An error occurred while processing your request.";

    public const string ValidationCode = "validation_failed";
    public const string ValidationTitle = "提交的数据未通过校验";
    public const string ValidationDetail = "请根据各字段的提示修改后重新提交。";

    public static Entry For(int status) => Entries.TryGetValue(status, out var entry)
        ? entry
        : status >= 500
            ? Entries[500] with { Code = $"http_{status}" }
            : new Entry($"http_{status}", ReasonPhrases.GetReasonPhrase(status), null);

    /// <summary>True when <paramref name="title"/> is a default English title the framework filled in.</summary>
    internal static bool IsFrameworkTitle(string? title, int status) =>
        title is null || title == ReasonPhrases.GetReasonPhrase(status) || title == FrameworkServerErrorTitle;
}
