using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Projects.Model;

namespace Platform.Projects.Infrastructure.Configurations;

internal sealed class ProjectRulesConfiguration : IEntityTypeConfiguration<ProjectRules>
{
    public void Configure(EntityTypeBuilder<ProjectRules> builder)
    {
        builder.ToTable("project_rules");
        builder.HasKey(r => r.RegionCode);
        builder.Property(r => r.ExAnteThreshold).HasPrecision(18, 2);
        builder.Property(r => r.PassMark).HasPrecision(5, 2);
        builder.Property(r => r.ExAnteKinds).HasColumnType("text[]");
        builder.Property(r => r.ExAnteFundingSources).HasColumnType("text[]");
        builder.Property(r => r.UpdatedAt).HasDefaultValueSql("now()");
        builder.Ignore(r => r.ExAnteRule);
        builder.HasXminVersion(r => r.Version);
    }
}
