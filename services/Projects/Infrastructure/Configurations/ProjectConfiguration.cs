using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Contracts.Json;
using Platform.Contracts.Projects;
using Platform.Projects.Model;

namespace Platform.Projects.Infrastructure.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("projects");
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => p.Code).IsUnique();
        builder.Property(p => p.RequestedAmount).HasPrecision(18, 2);
        builder.Property(p => p.ApprovedAmount).HasPrecision(18, 2);
        builder.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");
        builder.Ignore(p => p.ReductionAmount);
        builder.Ignore(p => p.IsReadyForAdmission);
        // Attachment metadata is only ever read and written with its project: one jsonb column.
        builder.Property(p => p.Attachments)
            .HasColumnType("jsonb")
            .HasConversion(
                list => JsonSerializer.Serialize(list, ApiJson.Options),
                json => JsonSerializer.Deserialize<List<AttachmentDto>>(json, ApiJson.Options) ?? new List<AttachmentDto>(),
                new ValueComparer<List<AttachmentDto>>(
                    (a, b) => a!.SequenceEqual(b!),
                    list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode())),
                    list => list.ToList()));
        builder.HasXminVersion(p => p.Version);
    }
}
