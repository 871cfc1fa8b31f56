using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Platform.Identity.Oidc.Keys;
using Platform.Identity.Tests.Oidc.Support;

namespace Platform.Identity.Tests.Oidc;

/// <summary>Keys rotate hourly here: signs for 1 h, published 10 min ahead, kept 20 min after; no key cache.</summary>
public sealed class FastRotationHost : OidcHost
{
    protected override string DatabasePrefix => "identity_keys";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Identity:Keys:RotationInterval"] = "01:00:00",
        ["Identity:Keys:PropagationTime"] = "00:10:00",
        ["Identity:Keys:RetentionDuration"] = "00:20:00",
        ["Identity:Keys:CacheDuration"] = "00:00:00",
    };
}

/// <summary>Signing keys in identitydb: rotation with propagation and retention, shared by replicas, kept over restarts.</summary>
public sealed class KeyRotationTests(FastRotationHost host) : IClassFixture<FastRotationHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_key_is_published_before_it_signs_and_the_old_one_validates_until_its_retention_ends()
    {
        var start = host.Clock.Now;
        var (oldToken, oldKid) = await TokenAsync();
        Assert.Equal([oldKid], await PublishedKidsAsync());

        host.Clock.Now = start.AddMinutes(50).AddSeconds(-1);
        await RunMaintenanceAsync();
        Assert.Equal([oldKid], await PublishedKidsAsync());

        host.Clock.Now = start.AddMinutes(50);
        await RunMaintenanceAsync();
        var published = await PublishedKidsAsync();
        Assert.Equal(2, published.Count);
        var newKid = published.Single(k => k != oldKid);
        Assert.Equal(oldKid, (await TokenAsync()).Kid);

        host.Clock.Now = start.AddMinutes(60);
        await RunMaintenanceAsync();
        Assert.Equal(newKid, (await TokenAsync()).Kid);
        Assert.Contains(oldKid, await PublishedKidsAsync());
        Assert.True(await ValidatesAgainstJwksAsync(oldToken));

        host.Clock.Now = start.AddMinutes(80).AddSeconds(-1);
        Assert.Contains(oldKid, await PublishedKidsAsync());
        host.Clock.Now = start.AddMinutes(80);
        Assert.Equal([newKid], await PublishedKidsAsync()); // leaves the JWKS on time, before any cleanup
        Assert.False(await ValidatesAgainstJwksAsync(oldToken));
        await RunMaintenanceAsync();
        Assert.Equal([newKid], await PublishedKidsAsync());
    }

    [Fact]
    public async Task A_second_replica_on_the_same_database_signs_with_the_same_key_and_accepts_the_first_ones_session_cookie()
    {
        var user = await host.CreateUserAsync();
        using var browser = host.NewBrowser();
        await OidcFlow.GetCodeAsync(browser, OidcFlow.Authorize(), user);
        var (_, firstKid) = await TokenAsync();

        var second = await host.StartReplicaAsync();
        browser.SwitchTo(second.Server.CreateHandler());
        var request = OidcFlow.Authorize();
        var code = await OidcFlow.GetCodeAsync(browser, request, user, hasSession: true);
        using var client = host.NewClient(second);
        var tokens = await OidcFlow.RedeemAsync(client, code, request.Pkce);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal(firstKid, new JsonWebToken(tokens.AccessToken).Kid);
        Assert.True(await ValidatesAgainstJwksAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task Keys_live_in_the_database_with_the_private_part_protected_and_one_data_protection_ring()
    {
        var (_, kid) = await TokenAsync();
        await using var dataSource = NpgsqlDataSource.Create(host.Database.ConnectionString);

        await using var command = dataSource.CreateCommand("SELECT protected_private_key, modulus FROM signing_keys WHERE kid = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = kid });
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        var protectedKey = Convert.FromBase64String(reader.GetString(0));
        await reader.DisposeAsync();
        await using var keys = dataSource.CreateCommand("SELECT count(*) FROM data_protection_keys");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
            System.Security.Cryptography.RSA.Create().ImportPkcs8PrivateKey(protectedKey, out _));
        Assert.True((long)(await keys.ExecuteScalarAsync(Ct))! >= 1);
    }

    private async Task RunMaintenanceAsync() => await host.Services.GetRequiredService<KeyMaintenanceService>().RunOnceAsync(Ct);

    private async Task<(string Token, string Kid)> TokenAsync()
    {
        using var client = host.NewClient();
        var answer = await OidcFlow.TokenAsync(client, new Dictionary<string, string> { ["grant_type"] = "client_credentials" },
            (OidcHost.ServiceClient, OidcHost.ServiceSecret));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return (answer.AccessToken, new JsonWebToken(answer.AccessToken).Kid);
    }

    private async Task<JsonWebKeySet> JwksAsync()
    {
        using var client = host.NewClient();
        return new JsonWebKeySet(await client.GetStringAsync("/.well-known/jwks", Ct));
    }

    private async Task<List<string>> PublishedKidsAsync() => [.. (await JwksAsync()).Keys.Select(k => k.Kid)];

    /// <summary>Signature and issuer checked against the published JWKS, as a relying party does (the lifetime is not the point here).</summary>
    private async Task<bool> ValidatesAgainstJwksAsync(string token)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = OidcHost.Issuer,
            ValidateAudience = false,
            ValidateLifetime = false,
            IssuerSigningKeys = (await JwksAsync()).Keys,
            TryAllIssuerSigningKeys = false,
            ValidTypes = ["at+jwt"],
        });
        return result.IsValid;
    }
}
