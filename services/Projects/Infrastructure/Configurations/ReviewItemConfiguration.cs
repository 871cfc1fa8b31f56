using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Projects.Model;

namespace Platform.Projects.Infrastructure.Configurations;

internal sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> builder)
    {
        builder.ToTable("review_items");
        builder.HasKey(i => new { i.BatchId, i.ProjectId });
        builder.Property(i => i.RequestedAmount).HasPrecision(18, 2);
        builder.Property(i => i.ApprovedAmount).HasPrecision(18, 2);
        builder.Ignore(i => i.ReductionAmount);
        builder.HasOne<ReviewBatch>().WithMany().HasForeignKey(i => i.BatchId);
        builder.HasOne<Project>().WithMany().HasForeignKey(i => i.ProjectId);
    }
}
