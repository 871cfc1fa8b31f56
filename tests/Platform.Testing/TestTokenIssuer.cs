using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Testing;

/// <summary>
/// A minimal OpenID Connect issuer for tests until the identity service exists: serves discovery and a JWKS with one
/// RSA key on a loopback port, and mints RS256 access tokens (<c>typ at+jwt</c>) that services validate exactly as
/// they will validate identity's.
/// </summary>
public sealed class TestTokenIssuer : IAsyncDisposable
{
    public const string DefaultSubject = "test-user";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;
    private readonly RsaSecurityKey _foreignKey;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    private TestTokenIssuer(WebApplication app, RsaSecurityKey key, RsaSecurityKey foreignKey, string authority)
    {
        _app = app;
        _key = key;
        _foreignKey = foreignKey;
        Authority = authority;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>: the token issuer (<c>iss</c>) and the OIDC discovery base.</summary>
    public string Authority { get; }

    /// <summary>Key id (<c>kid</c>) of the signing key published in the JWKS.</summary>
    public string KeyId => _key.KeyId;

    public static async Task<TestTokenIssuer> StartAsync(CancellationToken ct = default)
    {
        var key = CreateKey();
        var foreignKey = CreateKey();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();

        string? authority = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority!,
            ["jwks_uri"] = $"{authority}/.well-known/jwks",
            ["authorization_endpoint"] = $"{authority}/connect/authorize",
            ["token_endpoint"] = $"{authority}/connect/token",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        }));
        app.MapGet("/.well-known/jwks", () => Results.Json(new { keys = new[] { PublicJwk(key) } }));

        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        authority = new Uri(address).GetLeftPart(UriPartial.Authority);
        return new TestTokenIssuer(app, key, foreignKey, authority);
    }

    /// <summary>
    /// An access token for <paramref name="audience"/> (a service's resource name). <c>sub</c> defaults to
    /// <see cref="DefaultSubject"/> unless <paramref name="claims"/> has one; lifetime defaults to one hour and may be
    /// negative for an already expired token.
    /// </summary>
    public string MintToken(string audience, IEnumerable<Claim>? claims = null, TimeSpan? lifetime = null) =>
        Mint(_key, [audience], claims, lifetime);

    /// <summary>
    /// An access token for every API in <paramref name="audiences"/> (<c>aud</c> an array), as identity issues the
    /// portal one token for all the services it calls; otherwise as <see cref="MintToken(string, IEnumerable{Claim}?, TimeSpan?)"/>.
    /// </summary>
    public string MintToken(IReadOnlyCollection<string> audiences, IEnumerable<Claim>? claims = null, TimeSpan? lifetime = null) =>
        Mint(_key, audiences, claims, lifetime);

    /// <summary>A well-formed token whose signing key is not in the JWKS: every service must reject it.</summary>
    public string MintTokenWithForeignKey(string audience) => Mint(_foreignKey, [audience], null, null);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _key.Rsa.Dispose();
        _foreignKey.Rsa.Dispose();
    }

    private string Mint(RsaSecurityKey key, IReadOnlyCollection<string> audiences, IEnumerable<Claim>? claims, TimeSpan? lifetime)
    {
        ArgumentOutOfRangeException.ThrowIfZero(audiences.Count);
        var subject = new ClaimsIdentity(claims ?? []);
        if (!subject.HasClaim(c => c.Type == JwtRegisteredClaimNames.Sub))
        {
            subject.AddClaim(new Claim(JwtRegisteredClaimNames.Sub, DefaultSubject));
        }
        subject.AddClaim(new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")));
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromHours(1));
        // An expired token still needs iat/nbf before exp to be well-formed.
        var issuedAt = expires <= now ? expires.AddMinutes(-5) : now;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            // One audience is a string, several an array, as identity writes them.
            Audience = audiences.Count == 1 ? audiences.First() : null,
            Claims = audiences.Count == 1 ? null : new Dictionary<string, object> { [JwtRegisteredClaimNames.Aud] = audiences.ToArray() },
            Subject = subject,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expires,
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static RsaSecurityKey CreateKey() =>
        new(RSA.Create(2048)) { KeyId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)) };

    private static Dictionary<string, string> PublicJwk(RsaSecurityKey key)
    {
        var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
        return new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = SecurityAlgorithms.RsaSha256,
            ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus!),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent!),
        };
    }
}
