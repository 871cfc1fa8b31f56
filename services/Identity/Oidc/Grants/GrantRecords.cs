using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Identity.Oidc.Grants;

/// <summary>
/// One authorization of a user for a client: created with its code, then holding every refresh token rotated from
/// it and the access tokens issued under it. Revoking the family (a replayed code or refresh token, logout, RFC 7009)
/// revokes all of them at once.
/// </summary>
public sealed class TokenFamily
{
    public Guid Id { get; set; }

    public required string ClientId { get; set; }

    public Guid UserId { get; set; }

    public string? SessionId { get; set; }

    /// <summary>Granted scopes, space-separated.</summary>
    public required string Scopes { get; set; }

    /// <summary>The user's security stamp at sign-in: tokens stop being issued once it changes.</summary>
    public required string SecurityStamp { get; set; }

    public DateTimeOffset AuthTime { get; set; }

    public required string Amr { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset AbsoluteExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>An authorization code, stored as its SHA-256 hash, bound to everything the token request must repeat.</summary>
public sealed class AuthorizationCode
{
    public required string CodeHash { get; set; }

    public Guid FamilyId { get; set; }

    public required string ClientId { get; set; }

    public required string RedirectUri { get; set; }

    public required string CodeChallenge { get; set; }

    public string? Nonce { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? ConsumedAt { get; set; }
}

/// <summary>A refresh token, stored as its SHA-256 hash; consumed (rotated) on its first use.</summary>
public sealed class RefreshTokenRecord
{
    public required string TokenHash { get; set; }

    public Guid FamilyId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? ConsumedAt { get; set; }
}

/// <summary>An access token by its <c>jti</c>: issued to a user under a family, or revoked by its client.</summary>
public sealed class AccessTokenRecord
{
    public required string Jti { get; set; }

    public Guid? FamilyId { get; set; }

    public required string ClientId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class TokenFamilyConfiguration : IEntityTypeConfiguration<TokenFamily>
{
    public void Configure(EntityTypeBuilder<TokenFamily> builder)
    {
        builder.ToTable("token_families");
        builder.HasKey(f => f.Id);
    }
}

internal sealed class AuthorizationCodeConfiguration : IEntityTypeConfiguration<AuthorizationCode>
{
    public void Configure(EntityTypeBuilder<AuthorizationCode> builder)
    {
        builder.ToTable("authorization_codes");
        builder.HasKey(c => c.CodeHash);
        // Without navigations: only so EF inserts the family before its code in one SaveChanges.
        builder.HasOne<TokenFamily>().WithMany().HasForeignKey(c => c.FamilyId);
    }
}

internal sealed class RefreshTokenRecordConfiguration : IEntityTypeConfiguration<RefreshTokenRecord>
{
    public void Configure(EntityTypeBuilder<RefreshTokenRecord> builder)
    {
        builder.ToTable("refresh_tokens");
        builder.HasKey(t => t.TokenHash);
        builder.HasOne<TokenFamily>().WithMany().HasForeignKey(t => t.FamilyId);
    }
}

internal sealed class AccessTokenRecordConfiguration : IEntityTypeConfiguration<AccessTokenRecord>
{
    public void Configure(EntityTypeBuilder<AccessTokenRecord> builder)
    {
        builder.ToTable("access_tokens");
        builder.HasKey(t => t.Jti);
        builder.HasOne<TokenFamily>().WithMany().HasForeignKey(t => t.FamilyId);
    }
}
