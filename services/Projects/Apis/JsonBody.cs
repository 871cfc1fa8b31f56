using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Problems;

namespace Platform.Projects.Apis;

/// <summary>
/// A JSON request body read by the endpoint itself, so that a value of the wrong shape ("abc" for an amount) comes back
/// as a 400 naming the field (<c>requestedAmount</c>), not as the framework's bare 400. Endpoints declare
/// <c>JsonBody&lt;SaveProjectRequest&gt; body</c> and <c>.Accepts&lt;SaveProjectRequest&gt;("application/json")</c>.
/// </summary>
public sealed class JsonBody<T> where T : class
{
    private JsonBody(T? value, FieldErrors errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The request; null when <see cref="Errors"/> has errors.</summary>
    public T? Value { get; }

    public FieldErrors Errors { get; }

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var errors = new FieldErrors();
        if (!context.Request.HasJsonContentType())
        {
            return new(null, errors.Add("body", "unsupported_media_type", "请以JSON格式（application/json）提交数据"));
        }
        var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, options, context.RequestAborted);
            return value is null ? new(null, errors.Add("body", "required", "请求内容不能为空")) : new(value, errors);
        }
        catch (JsonException ex)
        {
            var field = FieldOf(ex.Path);
            return new(null, errors.Add(field, "invalid_format", ProjectFields.MalformedMessage(field)));
        }
    }

    /// <summary><c>$.attachments[0].sizeBytes</c> → <c>attachments[0].sizeBytes</c>; the whole body → <c>body</c>.</summary>
    public static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}
