using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Tests;

/// <summary>
/// A real Kestrel app on a free loopback port, composed with <c>AddServiceDefaults</c>/<c>MapDefaultEndpoints</c>
/// exactly as a service is, plus whatever a test maps.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    /// <summary>An authority nothing listens on: fine for tests that never present a token.</summary>
    public const string UnusedAuthority = "http://127.0.0.1:9";

    private TestApp(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<TestApp> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configureBuilder = null,
        Action<WebApplication>? configureApp = null,
        string environment = "Production")
    {
        var builder = CreateBuilder(settings, environment);
        builder.AddServiceDefaults();
        configureBuilder?.Invoke(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        configureApp?.Invoke(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestApp(app, new Uri(app.Urls.First()));
    }

    /// <summary>The builder before <c>AddServiceDefaults</c>, for tests of what it refuses.</summary>
    public static WebApplicationBuilder CreateBuilder(IDictionary<string, string?>? settings = null, string environment = "Production")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ApplicationName = typeof(TestApp).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:Url"] = UnusedAuthority,
            ["Identity:Audience"] = "projects",
            ["OTEL_SERVICE_NAME"] = "projects",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
