using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Contracts.Json;
using Xunit;

namespace Platform.Testing;

/// <summary>
/// The calls of a service's API tests, each as a user (<typeparamref name="TUser"/>: a new client with the user's token
/// per call) in the platform's JSON, and the checks of the answers: the status, the body, a ProblemDetails' code and
/// its field errors.
/// </summary>
public abstract class ServiceApiTests<TUser>(Func<TUser, HttpClient> clientFor)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected async Task<HttpResponseMessage> Get(TUser user, string path)
    {
        using var client = clientFor(user);
        return await client.GetAsync(path, Ct);
    }

    protected async Task<HttpResponseMessage> Post<T>(TUser user, string path, T body)
    {
        using var client = clientFor(user);
        return await client.PostAsJsonAsync(path, body, ApiJson.Options, Ct);
    }

    protected async Task<HttpResponseMessage> Put<T>(TUser user, string path, T body)
    {
        using var client = clientFor(user);
        return await client.PutAsJsonAsync(path, body, ApiJson.Options, Ct);
    }

    /// <summary>Sends <paramref name="json"/> as it is (to send values of the wrong shape).</summary>
    protected async Task<HttpResponseMessage> Send(TUser user, HttpMethod method, string path, string json)
    {
        using var client = clientFor(user);
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await client.SendAsync(request, Ct);
    }

    /// <summary>Asserts the status and reads the body.</summary>
    protected static async Task<T> Read<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await AssertStatus(response, expected);
        return (await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, Ct))!;
    }

    /// <summary>Asserts the status and returns the body as JSON (a ProblemDetails, say; default when there is none).</summary>
    protected static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    protected static async Task AssertStatus(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Fail($"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        }
    }

    /// <summary>The stable English <c>code</c> of a ProblemDetails.</summary>
    protected static string Code(JsonElement problem) => problem.GetProperty("code").GetString()!;

    /// <summary>The codes of <paramref name="field"/> in a field-level ProblemDetails.</summary>
    protected static string[] FieldCodes(JsonElement problem, string field) =>
        problem.GetProperty("errorCodes").GetProperty(field).EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>The Chinese messages of <paramref name="field"/> in a field-level ProblemDetails.</summary>
    protected static string[] FieldMessages(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var messages)
            ? messages.EnumerateArray().Select(e => e.GetString()!).ToArray()
            : throw new Xunit.Sdk.XunitException($"No errors for '{field}' in {problem}");
}
