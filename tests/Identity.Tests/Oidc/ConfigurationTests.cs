using Microsoft.Extensions.Configuration;
using Platform.Identity.Oidc;
using Platform.Identity.Oidc.Clients;
using Platform.ServiceDefaults.Hosting;

namespace Platform.Identity.Tests.Oidc;

/// <summary>Settings a provider could not honour safely refuse the start, naming the key.</summary>
public sealed class ConfigurationTests
{
    private const string Issuer = "https://sso.test";

    [Fact]
    public void The_portal_client_of_appsettings_is_public_code_and_refresh_with_redirects_under_the_issuer()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .Build();

        var portal = ClientRegistry.From(configuration, Issuer).Find("portal")!;

        Assert.False(portal.IsConfidential);
        Assert.Equal(["authorization_code", "refresh_token"], portal.AllowedGrantTypes.Order());
        Assert.Equal(["https://sso.test/auth/callback"], portal.RedirectUris);
        Assert.Equal(["https://sso.test/"], portal.PostLogoutRedirectUris);
        Assert.Contains("offline_access", portal.AllowedScopes);
        Assert.Contains("vendors", portal.AllowedScopes);
        Assert.True(ClientRegistry.From(configuration, Issuer).IsCorsOriginAllowed(Issuer));
    }

    [Theory]
    [InlineData("Identity:Clients:svc:Secret", "Type=confidential", "AllowedGrantTypes:0=client_credentials", "AllowedScopes:0=projects")]
    [InlineData("Identity:Clients:svc:AllowedGrantTypes", "Type=public", "AllowedGrantTypes:0=client_credentials", "AllowedScopes:0=projects")]
    [InlineData("Identity:Clients:svc:AllowedGrantTypes", "Secret=s3cret-value", "AllowedGrantTypes:0=password")]
    [InlineData("Identity:Clients:svc:AllowedGrantTypes", "Secret=s3cret-value", "AllowedGrantTypes:0=implicit")]
    [InlineData("Identity:Clients:svc:AllowedGrantTypes", "Secret=s3cret-value")]
    [InlineData("Identity:Clients:svc:AllowedScopes", "Secret=s3cret-value", "AllowedGrantTypes:0=client_credentials", "AllowedScopes:0=payroll")]
    [InlineData("Identity:Clients:svc:RedirectUris", "Type=public", "AllowedGrantTypes:0=authorization_code", "RedirectUris:0=callback")]
    [InlineData("Identity:Clients:svc:RedirectUris", "Type=public", "AllowedGrantTypes:0=authorization_code", "RedirectUris:0=https://a.test/cb#frag")]
    [InlineData("Identity:Clients:svc:RedirectUris", "Type=public", "AllowedGrantTypes:0=authorization_code")]
    [InlineData("Identity:Clients:svc:AllowedCorsOrigins", "Type=public", "AllowedGrantTypes:0=authorization_code", "RedirectUris:0=/cb", "AllowedCorsOrigins:0=https://a.test/path")]
    [InlineData("Identity:Clients:svc:Type", "Type=trusted", "Secret=s3cret-value", "AllowedGrantTypes:0=client_credentials")]
    [InlineData("Identity:Clients:svc:Secret", "Type=public", "Secret=s3cret-value", "AllowedGrantTypes:0=authorization_code", "RedirectUris:0=/cb")]
    public void A_client_that_cannot_be_honoured_safely_refuses_the_start(string key, params string[] settings)
    {
        var configuration = Configuration(settings.Select(s => s.Split('=', 2)).ToDictionary(p => $"Identity:Clients:svc:{p[0]}", p => (string?)p[1]));

        var refused = Assert.Throws<StartupRefusedException>(() => ClientRegistry.From(configuration, Issuer));

        Assert.Contains($"'{key}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_secrets_are_checked_against_a_hash_and_a_public_client_has_none()
    {
        var registry = ClientRegistry.From(Configuration(new Dictionary<string, string?>
        {
            ["Identity:Clients:svc:Secret"] = "right-secret",
            ["Identity:Clients:svc:AllowedGrantTypes:0"] = "client_credentials",
        }), Issuer);

        var client = registry.Find("svc")!;

        Assert.True(client.SecretMatches("right-secret"));
        Assert.False(client.SecretMatches("right-secreT"));
        Assert.False(client.SecretMatches(""));
    }

    [Theory]
    [InlineData("00:04:59", false)]
    [InlineData("00:05:00", true)]
    [InlineData("00:15:00", true)]
    [InlineData("00:15:01", false)]
    public void The_access_token_lifetime_must_be_5_to_15_minutes(string lifetime, bool accepted)
    {
        var configuration = Configuration(new Dictionary<string, string?> { ["Identity:Tokens:AccessTokenLifetime"] = lifetime });

        var refused = Record.Exception(() => OidcOptions.From(configuration));

        Assert.Equal(accepted, refused is null);
        if (!accepted)
        {
            Assert.Contains("Identity:Tokens:AccessTokenLifetime", Assert.IsType<StartupRefusedException>(refused).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://sso.test/")]
    [InlineData("sso.test")]
    [InlineData("ftp://sso.test")]
    [InlineData("https://sso.test/?x=1")]
    public void The_issuer_is_required_and_must_be_an_absolute_url_without_trailing_slash(string? issuer)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Identity:Issuer"] = issuer }).Build();

        var refused = Assert.Throws<StartupRefusedException>(() => OidcOptions.From(configuration));

        Assert.Contains("Identity:Issuer", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Identity:Keys:PropagationTime", "90.00:00:00")]
    [InlineData("Identity:Keys:RetentionDuration", "00:09:00")]
    [InlineData("Identity:Keys:CacheDuration", "14.00:00:00")]
    [InlineData("Identity:Tokens:RefreshReuseGrace", "00:05:00")]
    [InlineData("Identity:Tokens:RefreshSlidingLifetime", "31.00:00:00")]
    [InlineData("Identity:Tokens:AuthorizationCodeLifetime", "00:10:00")]
    [InlineData("Identity:RateLimits:TokenPerSecond", "0")]
    [InlineData("Identity:Keys:RotationInterval", "ninety days")]
    public void Inconsistent_windows_and_limits_refuse_the_start(string key, string value)
    {
        var refused = Assert.Throws<StartupRefusedException>(() => OidcOptions.From(Configuration(new Dictionary<string, string?> { [key] = value })));

        Assert.Contains(key, refused.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(IDictionary<string, string?> settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Identity:Issuer"] = Issuer })
            .AddInMemoryCollection(settings)
            .Build();
}
