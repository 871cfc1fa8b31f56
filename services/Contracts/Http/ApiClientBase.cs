using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Json;

namespace Platform.Contracts.Http;

/// <summary>
/// Base of the typed clients (the role Refit plays in the design): one subclass per service over an
/// <see cref="HttpClient"/> whose base address is <c>http://&lt;service&gt;</c> (see
/// <see cref="TypedClientExtensions.AddTypedClient{TClient}"/>). Paths are built with <see cref="Route"/>, query
/// objects with <see cref="ApiQuery"/>, bodies with <see cref="ApiJson.Options"/>; non-success answers throw
/// <see cref="ApiException"/>, or come back in an <see cref="ApiResponse{T}"/> from the <c>…ResponseAsync</c> forms.
/// </summary>
public abstract class ApiClientBase(HttpClient http)
{
    protected HttpClient Http { get; } = http;

    /// <summary>A path whose interpolated values are each escaped as one segment.</summary>
    protected static string Route(ApiRoute route) => route.ToStringAndClear();

    protected async Task<T> GetAsync<T>(string path, object? query = null, CancellationToken cancellationToken = default) =>
        (await GetResponseAsync<T>(path, query, cancellationToken).ConfigureAwait(false)).EnsureSuccess()!;

    protected Task<ApiResponse<T>> GetResponseAsync<T>(string path, object? query = null, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Get, ApiQuery.Append(path, query), body: null, idempotencyKey: null, cancellationToken);

    protected async Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        (await SendAsync<TResponse>(HttpMethod.Post, path, JsonContent.Create(body, options: ApiJson.Options), idempotencyKey, cancellationToken).ConfigureAwait(false)).EnsureSuccess()!;

    protected async Task PostAsync<TRequest>(string path, TRequest body, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        (await SendAsync<object>(HttpMethod.Post, path, JsonContent.Create(body, options: ApiJson.Options), idempotencyKey, cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    protected async Task<TResponse> PutAsync<TRequest, TResponse>(string path, TRequest body, CancellationToken cancellationToken = default) =>
        (await SendAsync<TResponse>(HttpMethod.Put, path, JsonContent.Create(body, options: ApiJson.Options), idempotencyKey: null, cancellationToken).ConfigureAwait(false)).EnsureSuccess()!;

    protected async Task PutAsync<TRequest>(string path, TRequest body, CancellationToken cancellationToken = default) =>
        (await SendAsync<object>(HttpMethod.Put, path, JsonContent.Create(body, options: ApiJson.Options), idempotencyKey: null, cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    protected async Task DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        (await SendAsync<object>(HttpMethod.Delete, path, body: null, idempotencyKey: null, cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>
    /// Sends one request and reads the answer: JSON content on success (nothing for 204 or an empty body), an
    /// <see cref="ApiException"/> in <see cref="ApiResponse{T}.Error"/> otherwise. An <paramref name="idempotencyKey"/>
    /// goes out as the <c>Idempotency-Key</c> header, which also lets the resilience handler retry the command.
    /// </summary>
    protected async Task<ApiResponse<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(ApiRequestOptions.IdempotencyKeyHeader, idempotencyKey);
        }
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ApiException.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
            return new ApiResponse<T>(response.StatusCode, response.Headers, response.Content.Headers, default, error);
        }
        var content = response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
            ? default
            : await ReadContentAsync<T>(response, cancellationToken).ConfigureAwait(false);
        return new ApiResponse<T>(response.StatusCode, response.Headers, response.Content.Headers, content, null);
    }

    private static async Task<T?> ReadContentAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (typeof(T) == typeof(object))
        {
            // Callers that want no body: drain it so the connection goes back to the pool.
            await response.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            return default;
        }
        if (typeof(T) == typeof(string))
        {
            return (T)(object)await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken).ConfigureAwait(false);
    }
}
