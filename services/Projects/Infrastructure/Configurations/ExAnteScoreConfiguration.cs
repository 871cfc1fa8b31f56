using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Projects.Model;

namespace Platform.Projects.Infrastructure.Configurations;

internal sealed class ExAnteScoreConfiguration : IEntityTypeConfiguration<ExAnteScore>
{
    public void Configure(EntityTypeBuilder<ExAnteScore> builder)
    {
        builder.ToTable("project_ex_ante_scores");
        builder.HasKey(s => new { s.ProjectId, s.Dimension });
        builder.Property(s => s.MaxPoints).HasPrecision(5, 2);
        builder.Property(s => s.Points).HasPrecision(5, 2);
    }
}
