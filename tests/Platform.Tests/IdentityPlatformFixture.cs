using System.Net.Http.Headers;
using Platform.Testing;

namespace Platform.Tests;

/// <summary>
/// The whole graph as <c>./platform.sh run</c> starts it: identity is the only issuer, the demo province is seeded,
/// and every token comes from signing in.
/// </summary>
public sealed class IdentityPlatformFixture : IAsyncLifetime
{
    public TestingApplication App { get; private set; } = null!;

    public Uri GatewayUrl => App.GetEndpoint(Platform.ServiceDefaults.ResourceNames.Gateway);

    /// <summary>The demo accounts' shared password (generated into the test's data folder).</summary>
    public string DemoPassword => App.GetParameterValue("demo-password");

    public async ValueTask InitializeAsync() => App = await PlatformGraphFactory.StartWithIdentityAsync();

    /// <summary>A browser of its own (own cookies) pointed at the gateway.</summary>
    public OidcSignInClient NewBrowser() => new(GatewayUrl);

    public HttpClient Gateway(string accessToken)
    {
        var client = App.CreateHttpClient(Platform.ServiceDefaults.ResourceNames.Gateway);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

/// <summary>One identity-backed graph shared by the sign-in tests and the browser tests.</summary>
[CollectionDefinition(Name)]
public sealed class IdentityPlatformCollection : ICollectionFixture<IdentityPlatformFixture>
{
    public const string Name = "identity platform";
}
