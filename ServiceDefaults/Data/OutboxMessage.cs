using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.ServiceDefaults.Data;

/// <summary>
/// A state change another service must act on, written in the same transaction as the change and delivered by a
/// relay until acknowledged; its <see cref="Id"/> travels as the <c>Idempotency-Key</c>.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    public required string Type { get; set; }

    /// <summary>JSON document (jsonb).</summary>
    public required string Payload { get; set; }

    /// <summary>Resource name of the receiving service.</summary>
    public required string Destination { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Type).HasMaxLength(128);
        builder.Property(m => m.Payload).HasColumnType("jsonb");
        builder.Property(m => m.Destination).HasMaxLength(64);
        builder.Property(m => m.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(m => m.NextAttemptAt).HasDefaultValueSql("now()");
        builder.HasIndex(m => m.NextAttemptAt).HasFilter("delivered_at IS NULL");
    }
}
