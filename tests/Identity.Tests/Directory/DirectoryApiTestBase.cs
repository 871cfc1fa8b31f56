using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Json;

namespace Platform.Identity.Tests.Directory;

/// <summary>Calls and assertions the directory API tests share.</summary>
public abstract class DirectoryApiTestBase(DirectoryHost host)
{
    protected DirectoryHost Host { get; } = host;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 8)];

    protected async Task<HttpResponseMessage> Get(string userName, string path)
    {
        using var client = await Host.ClientFor(userName);
        return await client.GetAsync(path, Ct);
    }

    protected async Task<HttpResponseMessage> Post<T>(string userName, string path, T body)
    {
        using var client = await Host.ClientFor(userName);
        return await client.PostAsJsonAsync(path, body, ApiJson.Options, Ct);
    }

    protected async Task<HttpResponseMessage> Put<T>(string userName, string path, T body)
    {
        using var client = await Host.ClientFor(userName);
        return await client.PutAsJsonAsync(path, body, ApiJson.Options, Ct);
    }

    protected static Task<T> Read<T>(HttpResponseMessage response) => DirectoryHost.ReadAsync<T>(response);

    /// <summary>Asserts the status and returns the ProblemDetails body.</summary>
    protected static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The Chinese messages of <paramref name="field"/> in a field-level ProblemDetails.</summary>
    protected static string[] FieldMessages(JsonElement problem, string field) =>
        problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!).ToArray();

    protected static async Task AssertStatus(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
    }
}
