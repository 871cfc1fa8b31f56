using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Platform.Contracts.Json;
using Platform.Testing;

namespace Platform.Bench.Targets;

/// <summary>A failed step of the benchmark: the request and the answer, printed as they were.</summary>
public sealed class BenchException(string message) : Exception(message);

/// <summary>One signed-in demo user talking to one base address (the gateway, or a service directly).</summary>
public sealed class Api(HttpClient http, string userName, string token)
{
    public string UserName { get; } = userName;

    public string Token { get; } = token;

    /// <summary>Signs <paramref name="userName"/> in through the gateway's OIDC provider the way the portal does (code + PKCE).</summary>
    public static async Task<Api> SignInAsync(HttpClient http, Uri gateway, string userName, string password, CancellationToken ct)
    {
        using var browser = new OidcSignInClient(gateway);
        try
        {
            var tokens = await browser.SignInAsync(userName, password, ct: ct);
            return new Api(http, userName, tokens.AccessToken);
        }
        catch (InvalidOperationException e)
        {
            throw new BenchException($"signing in as {userName} failed: {e.Message}");
        }
    }

    public Api On(HttpClient other) => new(other, UserName, Token);

    public HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
        http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);

    public async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, path);
        using var response = await SendAsync(request, ct);
        return await ReadAsync<T>(request, response, HttpStatusCode.OK, ct);
    }

    public async Task<T> PostAsync<T>(string path, object body, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Post, path, JsonContent.Create(body, options: ApiJson.Options));
        using var response = await SendAsync(request, ct);
        return await ReadAsync<T>(request, response, HttpStatusCode.OK, ct);
    }

    public async Task<T> ReadAsync<T>(HttpRequestMessage request, HttpResponseMessage response, HttpStatusCode expected, CancellationToken ct)
    {
        if (response.StatusCode != expected)
        {
            throw Failed(request, response, await response.Content.ReadAsStringAsync(ct));
        }
        return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, ct)
            ?? throw new BenchException($"{request.Method} {request.RequestUri} as {UserName}: empty answer");
    }

    public BenchException Failed(HttpRequestMessage request, HttpResponseMessage response, string body) =>
        new($"{request.Method} {request.RequestUri} as {UserName} answered {(int)response.StatusCode} {response.ReasonPhrase}: " +
            (body.Length > 1500 ? body[..1500] + " …" : body));
}
