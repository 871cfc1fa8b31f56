using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Projects.Model;

namespace Platform.Projects.Infrastructure.Configurations;

internal sealed class ResultApplicationConfiguration : IEntityTypeConfiguration<ResultApplication>
{
    public void Configure(EntityTypeBuilder<ResultApplication> builder)
    {
        builder.ToTable("result_applications");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.ReductionRate).HasPrecision(7, 4);
        builder.Property(r => r.ReceivedAt).HasDefaultValueSql("now()");
        builder.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId);
    }
}
