using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Identity.Oidc.Keys;

/// <summary>A signing key ready for use: its timeline, the RSA key (private part when readable) and its public JWK.</summary>
public sealed class SigningKey
{
    public SigningKey(KeyTimeline timeline, RSAParameters publicParameters, RSA? privateKey)
    {
        Timeline = timeline;
        Modulus = Base64UrlEncoder.Encode(publicParameters.Modulus!);
        Exponent = Base64UrlEncoder.Encode(publicParameters.Exponent!);
        var rsa = privateKey ?? RSA.Create(publicParameters);
        Key = new RsaSecurityKey(rsa) { KeyId = timeline.Kid };
        Credentials = privateKey is null ? null : new SigningCredentials(Key, SecurityAlgorithms.RsaSha256);
    }

    public string Kid => Timeline.Kid;

    public KeyTimeline Timeline { get; }

    /// <summary>Validates signatures; signs too when <see cref="Credentials"/> is set.</summary>
    public RsaSecurityKey Key { get; }

    /// <summary>Null when the private key could not be unprotected (Data Protection key ring not shared).</summary>
    public SigningCredentials? Credentials { get; }

    public string Modulus { get; }

    public string Exponent { get; }

    /// <summary>The JWK published in the JWKS (RFC 7517): public parameters only.</summary>
    public IReadOnlyDictionary<string, string> PublicJwk => new Dictionary<string, string>
    {
        ["kty"] = "RSA",
        ["use"] = "sig",
        ["alg"] = SecurityAlgorithms.RsaSha256,
        ["kid"] = Kid,
        ["n"] = Modulus,
        ["e"] = Exponent,
    };
}

/// <summary>The keys a replica has loaded, and when.</summary>
public sealed class KeySet(DateTimeOffset loadedAt, IReadOnlyList<SigningKey> keys)
{
    public DateTimeOffset LoadedAt { get; } = loadedAt;

    public IReadOnlyList<SigningKey> Keys { get; } = keys;

    public SigningKey? SigningKeyAt(DateTimeOffset now) =>
        KeyRotationPolicy.SigningKey(Keys.Where(k => k.Credentials is not null), now, k => k.Timeline);

    /// <summary>Everything in the JWKS at <paramref name="now"/>: the signing key, its propagating successor, retired keys still retained.</summary>
    public IEnumerable<SigningKey> PublishedAt(DateTimeOffset now) => Keys.Where(k => k.Timeline.IsPublishedAt(now));
}
