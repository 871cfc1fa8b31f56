using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Tests.Oidc.Support;

/// <summary>
/// A service as every platform service is: ServiceDefaults' JwtBearer with <c>Identity:Url</c> = our issuer, unchanged,
/// except that its back channel (discovery, JWKS) reaches the in-process identity server.
/// </summary>
public sealed class RelyingParty : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RelyingParty(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public static async Task<RelyingParty> StartAsync(OidcHost identity, string audience)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:Url"] = OidcHost.Issuer,
            ["Identity:Audience"] = audience,
        });
        builder.AddDefaultAuthentication();
        // Configure, not PostConfigure: JwtBearer's own post-configuration builds the metadata client from this handler.
        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme,
            options => options.BackchannelHttpHandler = identity.Factory.Server.CreateHandler());
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/whoami", (ClaimsPrincipal user) => Results.Ok(new
        {
            sub = user.FindFirstValue("sub"),
            name = user.Identity?.Name,
            region = user.FindFirstValue("region"),
        }));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new RelyingParty(app);
    }

    public async Task<HttpResponseMessage> CallAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
