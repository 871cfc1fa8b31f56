using System.Net;
using System.Text.Json;

namespace Platform.Gateway.Tests.Support;

internal static class Problems
{
    /// <summary>Asserts a gateway ProblemDetails answer and that it reveals nothing about the inside:
    /// no loopback address, no port of any upstream, no exception text.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string code, params int[] hiddenPorts)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement.Clone();
        Assert.Equal(code, root.GetProperty("code").GetString());
        Assert.Equal((int)status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));

        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", body, StringComparison.OrdinalIgnoreCase);
        foreach (var port in hiddenPorts)
        {
            Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
        }

        return root;
    }
}
