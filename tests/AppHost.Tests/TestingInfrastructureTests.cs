using System.Net.Sockets;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Platform.Testing;

namespace Platform.AppHost.Tests;

public sealed class TestingInfrastructureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TestDatabase_is_a_real_postgres_database_dropped_on_dispose()
    {
        string name;
        string server;
        await using (var database = await TestDatabase.CreateAsync("Infra Test", Ct))
        {
            name = database.Name;
            server = database.ServerConnectionString;
            Assert.StartsWith("infra_test_", name);
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand("CREATE TABLE t (id int); INSERT INTO t VALUES (1); SELECT current_database()", connection);
            Assert.Equal(name, await command.ExecuteScalarAsync(Ct));
        }
        await using var check = new NpgsqlConnection(server);
        await check.OpenAsync(Ct);
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", check);
        exists.Parameters.AddWithValue("n", name);
        Assert.Equal(0L, await exists.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Two_test_databases_have_different_names_on_the_same_server()
    {
        await using var first = await TestDatabase.CreateAsync("same", Ct);
        await using var second = await TestDatabase.CreateAsync("same", Ct);
        Assert.NotEqual(first.Name, second.Name);
        Assert.Equal(first.ServerConnectionString, second.ServerConnectionString);
    }

    [Fact]
    public async Task TestRedis_requires_its_password()
    {
        var redis = await TestRedis.GetAsync(Ct);
        var (host, port, password) = Platform.Hosting.Infrastructure.EmbeddedRedis.ParseConnectionString(redis.ConnectionString);
        Assert.True(await Platform.Hosting.Infrastructure.EmbeddedRedis.PingAsync(port, password, Ct, host));
        Assert.False(await Platform.Hosting.Infrastructure.EmbeddedRedis.PingAsync(port, "wrong", Ct, host));
    }

    [Fact]
    public async Task PrivateRedis_refuses_connections_while_stopped_and_answers_after_start()
    {
        await using var redis = await TestRedis.StartPrivateAsync(Ct);
        var (host, port, password) = Platform.Hosting.Infrastructure.EmbeddedRedis.ParseConnectionString(redis.ConnectionString);
        await redis.StopAsync();
        using (var client = new TcpClient())
        {
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(host, port, Ct).AsTask());
        }
        await redis.StartAsync();
        Assert.True(await Platform.Hosting.Infrastructure.EmbeddedRedis.PingAsync(port, password, Ct, host));
    }

    [Fact]
    public async Task TestTokenIssuer_tokens_validate_against_its_discovery_document()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        var token = issuer.MintToken("projects", [new Claim("role", "reviewer")]);

        var result = await ValidateAsync(issuer, token, "projects");

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(TestTokenIssuer.DefaultSubject, result.ClaimsIdentity.FindFirst("sub")?.Value);
        var jwt = new JsonWebToken(token);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal(issuer.KeyId, jwt.Kid);
        Assert.Equal("RS256", jwt.Alg);
    }

    [Fact]
    public async Task TestTokenIssuer_token_for_another_audience_is_rejected()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        var result = await ValidateAsync(issuer, issuer.MintToken("targets"), "projects");
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Exception);
    }

    [Fact]
    public async Task TestTokenIssuer_foreign_key_token_is_rejected()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        var result = await ValidateAsync(issuer, issuer.MintTokenWithForeignKey("projects"), "projects");
        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenSignatureKeyNotFoundException>(result.Exception);
    }

    [Fact]
    public async Task TestTokenIssuer_negative_lifetime_gives_an_expired_token()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(Ct);
        var result = await ValidateAsync(issuer, issuer.MintToken("projects", lifetime: TimeSpan.FromMinutes(-10)), "projects");
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    [Fact]
    public void FreePort_never_repeats_within_a_process()
    {
        var ports = Enumerable.Range(0, 20).Select(_ => FreePort.Next()).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    private static async Task<TokenValidationResult> ValidateAsync(TestTokenIssuer issuer, string token, string audience)
    {
        var manager = new ConfigurationManager<OpenIdConnectConfiguration>(
            $"{issuer.Authority}/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = false });
        var configuration = await manager.GetConfigurationAsync(Ct);
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidTypes = ["at+jwt"],
            ClockSkew = TimeSpan.Zero,
        });
    }
}
