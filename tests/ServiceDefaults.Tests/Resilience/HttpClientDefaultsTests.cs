using System.Net;
using Microsoft.AspNetCore.Http;
using Platform.ServiceDefaults.Resilience;

namespace Platform.ServiceDefaults.Tests.Resilience;

/// <summary>Every HttpClient from the factory gets discovery and resilience without asking for them.</summary>
public sealed class HttpClientDefaultsTests
{
    [Fact]
    public async Task Factory_client_resolves_service_names_and_retries_transient_failures()
    {
        var calls = 0;
        await using var upstream = await TestApp.StartAsync(configureApp: app =>
            app.MapGet("/flaky", () => Interlocked.Increment(ref calls) == 1 ? Results.StatusCode(503) : Results.Text("ok")).AllowAnonymous());
        await using var caller = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["services:inventory:http:0"] = upstream.Address.ToString() },
            configureBuilder: builder => builder.Services.AddHttpClient("inventory")
                .ConfigureStandardResilience(options => options.Retry.Delay = TimeSpan.FromMilliseconds(1)));
        var client = caller.Services.GetRequiredService<IHttpClientFactory>().CreateClient("inventory");

        var body = await client.GetStringAsync("http://inventory/flaky", TestContext.Current.CancellationToken);

        Assert.Equal("ok", body);
        Assert.Equal(2, calls);
    }
}
