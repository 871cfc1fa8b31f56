using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Platform.Identity.Account;
using Platform.Identity.Oidc.Clients;
using Platform.Identity.Oidc.Endpoints;
using Platform.Identity.Oidc.Grants;
using Platform.Identity.Oidc.Keys;
using Platform.Identity.Oidc.Protocol;
using Platform.Identity.Oidc.Sessions;
using Platform.Identity.Oidc.Tokens;
using Platform.ServiceDefaults.Migrations;

namespace Platform.Identity.Oidc;

/// <summary>
/// The OpenID Connect provider (our stand-in for Duende IdentityServer) and its sign-in pages, on ASP.NET Core
/// Identity, Data Protection and Microsoft.IdentityModel.
/// </summary>
public static class OidcExtensions
{
    /// <summary>Data Protection's application name: every identity replica must share it to read each other's cookies.</summary>
    public const string DataProtectionApplicationName = "budget-platform-identity";

    public const string CorsPolicy = "oidc";

    /// <summary>
    /// Settings (<see cref="OidcOptions"/>, <see cref="ClientRegistry"/>: checked now, start refused when wrong), the
    /// Data Protection key ring in identitydb, the session and partial-login cookies, anti-forgery, CORS for the
    /// registered client origins, signing keys and their rotation.
    /// </summary>
    public static IHostApplicationBuilder AddOidcProvider(this IHostApplicationBuilder builder)
    {
        var migrateOnly = MigrationStartup.IsMigrateRun;
        var options = migrateOnly ? null : OidcOptions.From(builder.Configuration);
        var clients = options is null ? null : ClientRegistry.From(builder.Configuration, options.Issuer);
        var services = builder.Services;
        services.AddSingleton(sp => options ?? OidcOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => clients ?? ClientRegistry.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<OidcOptions>().Issuer));
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<DataProtectionKeyRepository>();
        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider>((keyManagement, sp) => keyManagement.XmlRepository = sp.GetRequiredService<DataProtectionKeyRepository>());

        var secureCookies = options?.IssuerUri.Scheme == Uri.UriSchemeHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddAuthentication()
            .AddCookie(SessionManager.SessionScheme, cookie =>
            {
                Configure(cookie, SessionManager.SessionCookieName, "/", secureCookies);
                cookie.ExpireTimeSpan = options?.SessionLifetime ?? TimeSpan.FromHours(10);
            })
            .AddCookie(SessionManager.PartialScheme, cookie =>
            {
                Configure(cookie, SessionManager.PartialCookieName, "/account", secureCookies);
                cookie.ExpireTimeSpan = options?.PartialLoginLifetime ?? TimeSpan.FromMinutes(10);
            });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "platform.sso.antiforgery";
            antiforgery.Cookie.Path = "/account";
            antiforgery.Cookie.SecurePolicy = secureCookies;
            antiforgery.SuppressXFrameOptionsHeader = true; // the pages send DENY themselves
        });
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .SetIsOriginAllowed(origin => clients?.IsCorsOriginAllowed(origin) == true)
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders("Authorization", "Content-Type")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));

        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenFactory>();
        services.AddSingleton<TokenReader>();
        services.AddSingleton<OidcRateLimits>();
        services.AddScoped<GrantStore>();
        services.AddScoped<SessionManager>();
        services.AddScoped<UserGrants>();
        services.AddScoped<LoginFlow>();
        services.AddSingleton<KeyMaintenanceService>();
        services.AddHostedService(sp => sp.GetRequiredService<KeyMaintenanceService>());
        return builder;
    }

    /// <summary>
    /// The protocol endpoints at their standard paths and the sign-in pages, all anonymous (each authenticates what it
    /// needs: client credentials, a bearer token, the session cookie). CORS only where browsers call with fetch.
    /// </summary>
    public static WebApplication MapOidcProvider(this WebApplication app)
    {
        app.UseCors();

        var protocol = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        var browserApi = protocol.MapGroup("").RequireCors(CorsPolicy);
        browserApi.MapGet(DiscoveryEndpoints.OpenIdConfigurationPath, DiscoveryEndpoints.Configuration);
        browserApi.MapGet(DiscoveryEndpoints.AuthorizationServerPath, DiscoveryEndpoints.Configuration);
        browserApi.MapGet(DiscoveryEndpoints.JwksPath, DiscoveryEndpoints.Jwks);
        browserApi.MapPost(TokenEndpoint.Path, TokenEndpoint.Handle);
        browserApi.MapMethods(UserInfoEndpoint.Path, [HttpMethods.Get, HttpMethods.Post], UserInfoEndpoint.Handle);
        browserApi.MapPost(TokenManagementEndpoints.RevocationPath, TokenManagementEndpoints.Revoke);
        protocol.MapPost(TokenManagementEndpoints.IntrospectionPath, TokenManagementEndpoints.Introspect);
        protocol.MapMethods(AuthorizeEndpoint.Path, [HttpMethods.Get, HttpMethods.Post], AuthorizeEndpoint.Handle);
        protocol.MapMethods(EndSessionEndpoint.Path, [HttpMethods.Get, HttpMethods.Post], EndSessionEndpoint.Handle);

        app.MapAccountPages();
        return app;
    }

    private static void Configure(CookieAuthenticationOptions cookie, string name, string path, CookieSecurePolicy secure)
    {
        cookie.Cookie.Name = name;
        cookie.Cookie.Path = path;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.Cookie.SecurePolicy = secure;
        cookie.SlidingExpiration = false;
        // Nothing challenges these schemes; a stray challenge must not redirect to a default login path.
        cookie.Events.OnRedirectToLogin = context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        };
    }
}
