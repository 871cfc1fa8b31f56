using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.ServiceDefaults.Data;

/// <summary>An <c>Idempotency-Key</c> already acted on: a repeat of it is a no-op.</summary>
public sealed class ProcessedMessage
{
    public required string IdempotencyKey { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

internal sealed class ProcessedMessageConfiguration : IEntityTypeConfiguration<ProcessedMessage>
{
    public void Configure(EntityTypeBuilder<ProcessedMessage> builder)
    {
        builder.ToTable("processed_messages");
        builder.HasKey(m => m.IdempotencyKey);
        builder.Property(m => m.IdempotencyKey).HasMaxLength(128);
        builder.Property(m => m.ReceivedAt).HasDefaultValueSql("now()");
    }
}
