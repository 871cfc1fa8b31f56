using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Identity.Oidc.Sessions;

/// <summary>
/// A single sign-on session: what the session cookie points to (by <see cref="Id"/>, the <c>sid</c> claim). Kept in
/// identitydb so that ending it on one replica ends it on all, and tied to the user's security stamp at sign-in so a
/// password change or a disabled account ends it.
/// </summary>
public sealed class SsoSession
{
    public required string Id { get; set; }

    public Guid UserId { get; set; }

    public DateTimeOffset AuthTime { get; set; }

    /// <summary>Authentication methods, space-separated (<c>pwd</c>, <c>pwd otp</c>).</summary>
    public required string Amr { get; set; }

    public required string SecurityStamp { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }
}

internal sealed class SsoSessionConfiguration : IEntityTypeConfiguration<SsoSession>
{
    public void Configure(EntityTypeBuilder<SsoSession> builder)
    {
        builder.ToTable("sso_sessions");
        builder.HasKey(s => s.Id);
    }
}
