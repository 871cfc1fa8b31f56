using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Projects.Model;

namespace Platform.Projects.Infrastructure.Configurations;

internal sealed class ReviewBatchConfiguration : IEntityTypeConfiguration<ReviewBatch>
{
    public void Configure(EntityTypeBuilder<ReviewBatch> builder)
    {
        builder.ToTable("review_batches");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.CreatedAt).HasDefaultValueSql("now()");
        builder.HasXminVersion(b => b.Version);
    }
}
