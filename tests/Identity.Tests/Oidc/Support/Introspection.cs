using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Platform.Identity.Tests.Oidc.Support;

/// <summary>RFC 7662 calls as a resource server (the confidential test service client) makes them.</summary>
public static class Introspection
{
    public static async Task<JsonElement> IntrospectAsync(OidcHost host, string token, string clientId = OidcHost.ServiceClient, string secret = OidcHost.ServiceSecret)
    {
        using var client = host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/introspect")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return body.RootElement.Clone();
    }

    public static async Task<bool> IsActiveAsync(OidcHost host, string token) =>
        (await IntrospectAsync(host, token)).GetProperty("active").GetBoolean();
}
