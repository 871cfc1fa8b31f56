using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.ServiceDefaults.Data;

/// <summary>
/// One step of a record's life (全过程留痕): who moved which entity from which state to which, when, with what comment,
/// acting for which organisation in which region. Rows are appended, never changed.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public required string EntityType { get; set; }

    public required string EntityId { get; set; }

    public string? FromState { get; set; }

    public required string ToState { get; set; }

    public string? Comment { get; set; }

    public required string ActorId { get; set; }

    public required string ActorName { get; set; }

    public string? OrganisationId { get; set; }

    public string? RegionCode { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.EntityType).HasMaxLength(64);
        builder.Property(e => e.EntityId).HasMaxLength(64);
        builder.Property(e => e.FromState).HasMaxLength(64);
        builder.Property(e => e.ToState).HasMaxLength(64);
        builder.Property(e => e.ActorId).HasMaxLength(64);
        builder.Property(e => e.ActorName).HasMaxLength(128);
        builder.Property(e => e.OrganisationId).HasMaxLength(64);
        builder.Property(e => e.RegionCode).HasMaxLength(12);
        builder.Property(e => e.OccurredAt).HasDefaultValueSql("now()");
        builder.HasIndex(e => new { e.EntityType, e.EntityId, e.OccurredAt });
    }
}
