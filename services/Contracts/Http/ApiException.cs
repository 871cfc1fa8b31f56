using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Json;

namespace Platform.Contracts.Http;

/// <summary>
/// A call to another service answered with a non-success status. Carries the status, the RFC 7807 problem when the
/// body was one (<see cref="Problem"/>, with <see cref="Code"/> and field <see cref="Errors"/>), and the body text cut
/// to <see cref="MaxContentLength"/> characters for logs.
/// </summary>
public sealed class ApiException : Exception
{
    public const int MaxContentLength = 4096;

    private ApiException(string message, HttpMethod method, Uri? requestUri, HttpStatusCode statusCode,
        HttpResponseHeaders headers, ProblemDetails? problem, string? content)
        : base(message)
    {
        Method = method;
        RequestUri = requestUri;
        StatusCode = statusCode;
        Headers = headers;
        Problem = problem;
        Content = content;
    }

    public HttpMethod Method { get; }

    public Uri? RequestUri { get; }

    public HttpStatusCode StatusCode { get; }

    public HttpResponseHeaders Headers { get; }

    /// <summary>The problem document, an <see cref="HttpValidationProblemDetails"/> when it had field errors.</summary>
    public ProblemDetails? Problem { get; }

    /// <summary>The response body, truncated to <see cref="MaxContentLength"/> characters.</summary>
    public string? Content { get; }

    /// <summary>The problem's stable <c>code</c> extension (e.g. <c>validation_failed</c>), if any.</summary>
    public string? Code => Problem?.Extensions.TryGetValue("code", out var code) == true
        ? code switch
        {
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            _ => null,
        }
        : null;

    /// <summary>Field → messages of a validation problem; empty otherwise.</summary>
    public IDictionary<string, string[]> Errors =>
        (Problem as HttpValidationProblemDetails)?.Errors ?? new Dictionary<string, string[]>();

    /// <summary>Reads the failed response (without disposing it) into an exception.</summary>
    public static async Task<ApiException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var request = response.RequestMessage;
        string? content = null;
        try
        {
            content = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // The status is the news; a body lost on the wire does not change it.
        }
        var problem = ParseProblem(response, content);
        var method = request?.Method ?? HttpMethod.Get;
        var target = request?.RequestUri is { } uri ? (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString) : "";
        var summary = problem is null
            ? response.ReasonPhrase
            : string.Join(": ", new[] { problem.Title, problem.Detail }.Where(s => !string.IsNullOrEmpty(s)));
        return new ApiException(
            $"{method} {target} failed with {(int)response.StatusCode} ({summary})",
            method,
            request?.RequestUri,
            response.StatusCode,
            response.Headers,
            problem,
            content is { Length: > MaxContentLength } ? content[..MaxContentLength] : content);
    }

    private static HttpValidationProblemDetails? ParseProblem(HttpResponseMessage response, string? content)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (string.IsNullOrWhiteSpace(content) || mediaType is not ("application/problem+json" or "application/json"))
        {
            return null;
        }
        try
        {
            // The validation shape is a superset: a plain problem reads into it with empty Errors.
            return JsonSerializer.Deserialize<HttpValidationProblemDetails>(content, ApiJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
