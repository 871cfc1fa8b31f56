using System.Net.Http.Headers;
using Platform.Testing;

[assembly: CaptureConsole]
// Every class starts a graph of its own: running them one at a time keeps 2 cores from being the test.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Platform.Tests;

/// <summary>The whole graph, started once for the read-only tests of a class.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public TestTokenIssuer Issuer { get; private set; } = null!;

    public TestingApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Issuer = await TestTokenIssuer.StartAsync();
        App = await PlatformGraphFactory.StartAsync(Issuer);
    }

    public HttpClient Gateway(string? audience = null)
    {
        var client = App.CreateHttpClient(Platform.ServiceDefaults.ResourceNames.Gateway);
        if (audience is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.MintToken(audience));
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        if (Issuer is not null)
        {
            await Issuer.DisposeAsync();
        }
    }
}
