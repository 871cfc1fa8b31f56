using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Tests.Oidc.Support;

namespace Platform.Identity.Tests.Oidc;

/// <summary>Its clock starts an hour ago, so a test can mint tokens that real-time validators find expired.</summary>
public sealed class PastClockHost : OidcHost
{
    protected override DateTimeOffset ClockStart => DateTimeOffset.UtcNow.AddHours(-1);
}

/// <summary>
/// A service validating our tokens with the stock JwtBearer handler through discovery and JWKS (issue #3: "server-side
/// JwtBearer with Authority set to the issuer works unchanged"), and refusing every forgery.
/// </summary>
public sealed class JwtBearerTests(PastClockHost host) : IClassFixture<PastClockHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_token_from_the_code_flow_is_accepted_with_its_claims()
    {
        host.Clock.Now = DateTimeOffset.UtcNow;
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        await using var service = await RelyingParty.StartAsync(host, "projects");

        using var response = await service.CallAsync(tokens.AccessToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(user.Id.ToString(), body.RootElement.GetProperty("sub").GetString());
        Assert.Equal(user.RegionCode, body.RootElement.GetProperty("region").GetString());
    }

    [Fact]
    public async Task A_client_credentials_token_is_accepted()
    {
        host.Clock.Now = DateTimeOffset.UtcNow;
        await using var service = await RelyingParty.StartAsync(host, "projects");

        using var response = await service.CallAsync(await ServiceTokenAsync("projects"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_token_with_alg_none_is_rejected()
    {
        host.Clock.Now = DateTimeOffset.UtcNow;
        var genuine = new JsonWebToken(await ServiceTokenAsync("projects"));
        var header = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { alg = "none", typ = "at+jwt", kid = genuine.Kid }));
        var unsigned = $"{header}.{genuine.EncodedPayload}.";
        await using var service = await RelyingParty.StartAsync(host, "projects");

        using var response = await service.CallAsync(unsigned);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertAcceptsGenuineTokensAsync(service);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_under_our_key_id_is_rejected()
    {
        host.Clock.Now = DateTimeOffset.UtcNow;
        var genuine = new JsonWebToken(await ServiceTokenAsync("projects"));
        using var foreign = RSA.Create(2048);
        var signingInput = $"{genuine.EncodedHeader}.{genuine.EncodedPayload}";
        var signature = foreign.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        await using var service = await RelyingParty.StartAsync(host, "projects");

        using var forged = await service.CallAsync($"{signingInput}.{Base64UrlEncoder.Encode(signature)}");
        using var genuineAnswer = await service.CallAsync(genuine.EncodedToken);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, genuineAnswer.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_rejected()
    {
        host.Clock.Now = DateTimeOffset.UtcNow.AddMinutes(-12);
        var token = await ServiceTokenAsync("projects");
        await using var service = await RelyingParty.StartAsync(host, "projects");

        using var response = await service.CallAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(new JsonWebToken(token).ValidTo < DateTime.UtcNow);
        await AssertAcceptsGenuineTokensAsync(service);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_rejected()
    {
        host.Clock.Now = DateTimeOffset.UtcNow;
        await using var service = await RelyingParty.StartAsync(host, "projects");

        using var response = await service.CallAsync(await ServiceTokenAsync("targets"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertAcceptsGenuineTokensAsync(service);
    }

    [Fact]
    public async Task An_id_token_is_not_accepted_as_an_access_token()
    {
        host.Clock.Now = DateTimeOffset.UtcNow;
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        // aud of this ID token is the client; a service whose audience is the client id must still refuse it (typ JWT).
        var (tokens, _) = await OidcFlow.SignInForTokensAsync(host, browser, user);
        await using var service = await RelyingParty.StartAsync(host, OidcHost.SpaClient);

        using var response = await service.CallAsync(tokens.IdToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>The refusal was the token's fault: the same service takes a genuine, current token.</summary>
    private async Task AssertAcceptsGenuineTokensAsync(RelyingParty service)
    {
        host.Clock.Now = DateTimeOffset.UtcNow;
        using var response = await service.CallAsync(await ServiceTokenAsync("projects"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> ServiceTokenAsync(string scope)
    {
        using var client = host.NewClient();
        var answer = await OidcFlow.TokenAsync(client, new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope },
            (OidcHost.ServiceClient, OidcHost.ServiceSecret));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return answer.AccessToken;
    }
}
