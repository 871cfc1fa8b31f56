using System.Net;

namespace Platform.Gateway.Tests.Support;

/// <summary>A real gateway, composed exactly as <c>Program</c> composes it, on a loopback port.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly string _contentRoot;

    private GatewayHost(WebApplication app, string contentRoot)
    {
        App = app;
        _contentRoot = contentRoot;
        Url = app.Urls.Single().TrimEnd('/');
        Client = CreateClient(Url);
    }

    public WebApplication App { get; }

    public string Url { get; }

    public HttpClient Client { get; }

    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?> settings)
    {
        // An empty content root: no appsettings.json, so the test's settings are the whole configuration.
        var contentRoot = Directory.CreateTempSubdirectory("gateway-test-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = contentRoot,
            EnvironmentName = "Testing",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));

        try
        {
            var app = GatewayApp.Build(builder);
            await app.StartAsync(TestContext.Current.CancellationToken);
            return new GatewayHost(app, contentRoot);
        }
        catch
        {
            Directory.Delete(contentRoot, recursive: true);
            throw;
        }
    }

    public static HttpClient CreateClient(string baseAddress) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = new Uri(baseAddress),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_contentRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
