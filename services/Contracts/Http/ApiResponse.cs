using System.Net;
using System.Net.Http.Headers;

namespace Platform.Contracts.Http;

/// <summary>A call's status and headers with its content or its error, for callers that need more than the body.</summary>
public sealed class ApiResponse<T>
{
    public ApiResponse(HttpStatusCode statusCode, HttpResponseHeaders headers, HttpContentHeaders? contentHeaders, T? content, ApiException? error)
    {
        StatusCode = statusCode;
        Headers = headers;
        ContentHeaders = contentHeaders;
        Content = content;
        Error = error;
    }

    public HttpStatusCode StatusCode { get; }

    public HttpResponseHeaders Headers { get; }

    public HttpContentHeaders? ContentHeaders { get; }

    /// <summary>The deserialised body of a successful response (default for 204 or an empty body).</summary>
    public T? Content { get; }

    /// <summary>Set when the status was not a success.</summary>
    public ApiException? Error { get; }

    public bool IsSuccessStatusCode => Error is null;

    /// <summary>The content, or the error thrown.</summary>
    public T? EnsureSuccess() => Error is null ? Content : throw Error;
}
