using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Identity.Oidc.Keys;

/// <summary>
/// A token signing key as stored: the public RSA parameters in the clear, the private key (PKCS#8) protected with
/// Data Protection. It is published from <see cref="CreatedAt"/>, signs from <see cref="ActivatesAt"/> until
/// <see cref="RetiresAt"/> (when its successor activates) and leaves the JWKS at <see cref="ExpiresAt"/>.
/// </summary>
public sealed class SigningKeyRecord
{
    public required string Kid { get; set; }

    public required string Algorithm { get; set; }

    /// <summary>Base64url RSA modulus.</summary>
    public required string Modulus { get; set; }

    /// <summary>Base64url RSA exponent.</summary>
    public required string Exponent { get; set; }

    public required string ProtectedPrivateKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ActivatesAt { get; set; }

    public DateTimeOffset? RetiresAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }
}

internal sealed class SigningKeyRecordConfiguration : IEntityTypeConfiguration<SigningKeyRecord>
{
    public void Configure(EntityTypeBuilder<SigningKeyRecord> builder)
    {
        builder.ToTable("signing_keys");
        builder.HasKey(k => k.Kid);
    }
}
