using System.Net;
using System.Text.Json;
using Platform.Identity.Tests.Oidc.Support;

namespace Platform.Identity.Tests.Oidc;

/// <summary>Discovery and JWKS say exactly what is supported; CORS only for registered origins, only where browsers fetch.</summary>
public sealed class DiscoveryAndCorsTests(OidcHost host) : IClassFixture<OidcHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/oauth-authorization-server")]
    public async Task Discovery_lists_the_endpoints_and_exactly_what_is_supported(string path)
    {
        using var client = host.NewClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync(path, Ct));

        var root = document.RootElement;
        Assert.Equal(OidcHost.Issuer, root.GetProperty("issuer").GetString());
        Assert.Equal($"{OidcHost.Issuer}/connect/authorize", root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal($"{OidcHost.Issuer}/connect/token", root.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{OidcHost.Issuer}/connect/userinfo", root.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal($"{OidcHost.Issuer}/.well-known/jwks", root.GetProperty("jwks_uri").GetString());
        Assert.Equal($"{OidcHost.Issuer}/connect/endsession", root.GetProperty("end_session_endpoint").GetString());
        Assert.Equal($"{OidcHost.Issuer}/connect/revocation", root.GetProperty("revocation_endpoint").GetString());
        Assert.Equal($"{OidcHost.Issuer}/connect/introspect", root.GetProperty("introspection_endpoint").GetString());
        Assert.Equal(["code"], Strings(root, "response_types_supported"));
        Assert.Equal(["S256"], Strings(root, "code_challenge_methods_supported"));
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token"], Strings(root, "grant_types_supported").Order());
        Assert.Equal(["client_secret_basic", "client_secret_post"], Strings(root, "token_endpoint_auth_methods_supported").Order());
        Assert.Equal(["RS256"], Strings(root, "id_token_signing_alg_values_supported"));
        Assert.True(root.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.Contains("offline_access", Strings(root, "scopes_supported"));
        Assert.Contains("projects", Strings(root, "scopes_supported"));
        Assert.Contains("region", Strings(root, "claims_supported"));
    }

    [Fact]
    public async Task Jwks_publishes_rsa_signing_keys_with_kid_and_no_private_part()
    {
        using var client = host.NewClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/.well-known/jwks", Ct));

        var key = Assert.Single(document.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
        Assert.Equal(256, Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(key.GetProperty("n").GetString()).Length);
        Assert.False(key.TryGetProperty("d", out _));
        Assert.False(key.TryGetProperty("p", out _));
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration", "GET")]
    [InlineData("/.well-known/jwks", "GET")]
    [InlineData("/connect/token", "POST")]
    [InlineData("/connect/userinfo", "GET")]
    [InlineData("/connect/revocation", "POST")]
    public async Task A_registered_origin_passes_the_preflight_and_gets_cors_headers(string path, string method)
    {
        using var client = host.NewClient();

        using var preflight = await client.SendAsync(Preflight(path, method, OidcHost.SpaOrigin), Ct);

        Assert.True(preflight.IsSuccessStatusCode, $"{(int)preflight.StatusCode}");
        Assert.Equal(OidcHost.SpaOrigin, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task The_issuers_own_origin_is_allowed()
    {
        using var client = host.NewClient();

        using var preflight = await client.SendAsync(Preflight("/connect/token", "POST", OidcHost.Issuer), Ct);

        Assert.Equal(OidcHost.Issuer, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory]
    [InlineData("/connect/token", "https://evil.test")]
    [InlineData("/.well-known/jwks", "https://spa.test.evil.test")]
    [InlineData("/connect/authorize", OidcHost.SpaOrigin)]
    [InlineData("/account/login", OidcHost.SpaOrigin)]
    [InlineData("/connect/introspect", OidcHost.SpaOrigin)]
    public async Task Unregistered_origins_and_non_browser_endpoints_get_no_cors_headers(string path, string origin)
    {
        using var client = host.NewClient();

        using var preflight = await client.SendAsync(Preflight(path, "POST", origin), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        using var simple = await client.SendAsync(request, Ct);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(simple.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_actual_token_request_from_a_registered_origin_carries_the_allow_origin_header()
    {
        using var client = host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        request.Headers.Add("Origin", OidcHost.SpaOrigin);

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OidcHost.SpaOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    private static HttpRequestMessage Preflight(string path, string method, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    private static List<string> Strings(JsonElement root, string name) =>
        [.. root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
