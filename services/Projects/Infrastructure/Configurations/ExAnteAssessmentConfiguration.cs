using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Projects.Model;

namespace Platform.Projects.Infrastructure.Configurations;

internal sealed class ExAnteAssessmentConfiguration : IEntityTypeConfiguration<ExAnteAssessment>
{
    public void Configure(EntityTypeBuilder<ExAnteAssessment> builder)
    {
        builder.ToTable("project_ex_ante");
        builder.HasKey(e => e.ProjectId);
        builder.Property(e => e.PassMark).HasPrecision(5, 2);
        builder.Property(e => e.UpdatedAt).HasDefaultValueSql("now()");
        builder.HasOne<Project>().WithOne().HasForeignKey<ExAnteAssessment>(e => e.ProjectId);
        builder.HasMany(e => e.Scores).WithOne().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasXminVersion(e => e.Version);
    }
}
