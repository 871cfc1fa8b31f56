using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Platform.Identity.Tests.Oidc.Support;

namespace Platform.Identity.Tests.Oidc;

/// <summary>The token endpoint: client authentication, client credentials, code redemption and its replay.</summary>
public sealed class TokenEndpointTests(OidcHost host) : IClassFixture<OidcHost>
{
    private static readonly (string, string) ServiceCredentials = (OidcHost.ServiceClient, OidcHost.ServiceSecret);

    [Fact]
    public async Task Client_credentials_with_basic_authentication_gives_a_token_whose_subject_is_the_client()
    {
        using var client = host.NewClient();

        var answer = await OidcFlow.TokenAsync(client, new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "projects" }, ServiceCredentials);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("no-store", answer.Response.Headers.CacheControl?.ToString());
        Assert.False(answer.Body.TryGetProperty("refresh_token", out _));
        Assert.False(answer.Body.TryGetProperty("id_token", out _));
        var token = new JsonWebToken(answer.AccessToken);
        Assert.Equal("at+jwt", token.Typ);
        Assert.Equal(OidcHost.ServiceClient, token.Subject);
        Assert.Equal(OidcHost.ServiceClient, token.GetClaim("client_id").Value);
        Assert.Equal(["projects"], token.Audiences);
        Assert.Equal("projects", token.GetClaim("scope").Value);
        Assert.False(token.TryGetClaim("region", out _));
        Assert.False(token.TryGetClaim("role", out _));
    }

    [Fact]
    public async Task Client_credentials_with_the_secret_in_the_form_works_and_without_scope_gets_every_allowed_api()
    {
        using var client = host.NewClient();

        var answer = await OidcFlow.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = OidcHost.ServiceClient,
            ["client_secret"] = OidcHost.ServiceSecret,
        });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(["projects", "targets"], new JsonWebToken(answer.AccessToken).Audiences.Order());
    }

    [Fact]
    public async Task A_wrong_secret_is_invalid_client_401_with_a_basic_challenge()
    {
        using var client = host.NewClient();

        var answer = await OidcFlow.TokenAsync(client, new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, (OidcHost.ServiceClient, OidcHost.ServiceSecret + "x"));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("invalid_client", answer.Error);
        Assert.StartsWith("Basic", answer.Response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("svc", "")]
    [InlineData("svc", "svc-secret-0123456789abcdeX")]
    [InlineData("nobody", "svc-secret-0123456789abcdef")]
    public async Task Wrong_client_credentials_in_the_form_are_invalid_client_401(string clientId, string secret)
    {
        using var client = host.NewClient();

        var answer = await OidcFlow.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        });

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("invalid_client", answer.Error);
    }

    [Theory]
    [InlineData("vendors")]
    [InlineData("openid")]
    [InlineData("projects payroll")]
    public async Task A_scope_the_client_may_not_have_is_invalid_scope(string scope)
    {
        using var client = host.NewClient();

        var answer = await OidcFlow.TokenAsync(client, new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope }, ServiceCredentials);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("invalid_scope", answer.Error);
    }

    [Fact]
    public async Task A_public_client_cannot_use_client_credentials()
    {
        using var client = host.NewClient();

        var answer = await OidcFlow.TokenAsync(client, new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = OidcHost.SpaClient });

        Assert.Equal("unauthorized_client", answer.Error);
    }

    [Fact]
    public async Task An_unknown_grant_type_is_unsupported_grant_type()
    {
        using var client = host.NewClient();

        var answer = await OidcFlow.TokenAsync(client, new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "a", ["password"] = "b" }, ServiceCredentials);

        Assert.Equal("unsupported_grant_type", answer.Error);
    }

    [Fact]
    public async Task A_replayed_code_fails_and_revokes_the_refresh_token_and_access_token_issued_from_it()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var request = OidcFlow.Authorize();
        var code = await OidcFlow.GetCodeAsync(browser, request, user);
        using var client = host.NewClient();
        var first = await OidcFlow.RedeemAsync(client, code, request.Pkce);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        var replay = await OidcFlow.RedeemAsync(client, code, request.Pkce);

        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
        Assert.Equal("invalid_grant", replay.Error);
        Assert.Equal("invalid_grant", (await OidcFlow.RefreshAsync(client, first.RefreshToken)).Error);
        Assert.False(await Introspection.IsActiveAsync(host, first.AccessToken));
    }

    [Fact]
    public async Task A_code_needs_the_verifier_of_its_challenge()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var request = OidcFlow.Authorize();
        var code = await OidcFlow.GetCodeAsync(browser, request, user);
        using var client = host.NewClient();

        var answer = await OidcFlow.RedeemAsync(client, code, PkcePair.New());

        Assert.Equal("invalid_grant", answer.Error);
    }

    [Fact]
    public async Task A_code_is_bound_to_its_redirect_uri_and_client()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        using var client = host.NewClient();
        var first = OidcFlow.Authorize();
        var second = OidcFlow.Authorize(clientId: OidcHost.WebClient, redirectUri: OidcHost.WebRedirect, scope: "openid projects");
        var firstCode = await OidcFlow.GetCodeAsync(browser, first, user);
        var secondCode = await OidcFlow.GetCodeAsync(browser, second, user, hasSession: true);

        var otherRedirect = await OidcFlow.RedeemAsync(client, firstCode, first.Pkce, redirectUri: "https://spa.test/other");
        var otherClient = await OidcFlow.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = secondCode,
            ["redirect_uri"] = OidcHost.WebRedirect,
            ["code_verifier"] = second.Pkce.Verifier,
            ["client_id"] = OidcHost.SpaClient,
        });

        Assert.Equal("invalid_grant", otherRedirect.Error);
        Assert.Equal("invalid_grant", otherClient.Error);
    }

    [Theory]
    [InlineData(59_999, false)]
    [InlineData(60_000, true)]
    public async Task A_code_lives_60_seconds(int ageMilliseconds, bool expired)
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var request = OidcFlow.Authorize();
        var code = await OidcFlow.GetCodeAsync(browser, request, user);
        host.Clock.Advance(TimeSpan.FromMilliseconds(ageMilliseconds));
        using var client = host.NewClient();

        var answer = await OidcFlow.RedeemAsync(client, code, request.Pkce);

        Assert.Equal(expired ? "invalid_grant" : null, answer.Error);
    }

    [Fact]
    public async Task A_confidential_client_redeems_its_code_with_its_secret_and_without_offline_access_gets_no_refresh_token()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var request = OidcFlow.Authorize(clientId: OidcHost.WebClient, redirectUri: OidcHost.WebRedirect, scope: "openid projects");
        var code = await OidcFlow.GetCodeAsync(browser, request, user);
        using var client = host.NewClient();
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = OidcHost.WebRedirect,
            ["code_verifier"] = request.Pkce.Verifier,
        };

        var withoutSecret = await OidcFlow.TokenAsync(client, new Dictionary<string, string>(form) { ["client_id"] = OidcHost.WebClient });
        var withSecret = await OidcFlow.TokenAsync(client, form, (OidcHost.WebClient, OidcHost.WebSecret));

        Assert.Equal("invalid_client", withoutSecret.Error);
        Assert.Equal(HttpStatusCode.OK, withSecret.Status);
        Assert.False(withSecret.Body.TryGetProperty("refresh_token", out _));
        Assert.Equal(["projects"], new JsonWebToken(withSecret.AccessToken).Audiences);
    }
}
