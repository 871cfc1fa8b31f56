using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Contracts.Json;
using Platform.Targets.Model;

namespace Platform.Targets.Infrastructure.Configurations;

internal sealed class TargetSetConfiguration : IEntityTypeConfiguration<TargetSet>
{
    public void Configure(EntityTypeBuilder<TargetSet> builder)
    {
        builder.ToTable("target_sets");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Amount).HasPrecision(18, 2);
        builder.Property(s => s.TotalPoints).HasPrecision(9, 2);
        builder.Property(s => s.Version).HasColumnName("xmin").HasColumnType("xid").ValueGeneratedOnAddOrUpdate().IsConcurrencyToken();
        builder.Ignore(s => s.Facts);
        builder.HasMany(s => s.Indicators).WithOne().HasForeignKey(i => i.SetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> builder)
    {
        builder.ToTable("indicators");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.TargetValue).HasPrecision(18, 4);
        builder.Property(i => i.Points).HasPrecision(7, 2);
        builder.Property(i => i.Bands).HasColumnType("jsonb").HasConversion(
            bands => bands == null ? null : JsonSerializer.Serialize(bands, ApiJson.Options),
            json => json == null ? null : JsonSerializer.Deserialize<List<ScoringBand>>(json, ApiJson.Options),
            new ValueComparer<List<ScoringBand>?>(
                (a, b) => (a == null && b == null) || (a != null && b != null && a.SequenceEqual(b)),
                bands => bands == null ? 0 : bands.Aggregate(0, (hash, band) => HashCode.Combine(hash, band)),
                bands => bands == null ? null : bands.ToList()));
    }
}

internal sealed class ReviewCommentConfiguration : IEntityTypeConfiguration<ReviewComment>
{
    public void Configure(EntityTypeBuilder<ReviewComment> builder)
    {
        builder.ToTable("review_comments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.CreatedAt).HasDefaultValueSql("now()");
    }
}

internal sealed class TargetSetRevisionConfiguration : IEntityTypeConfiguration<TargetSetRevision>
{
    public void Configure(EntityTypeBuilder<TargetSetRevision> builder)
    {
        builder.ToTable("target_set_revisions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Snapshot).HasColumnType("jsonb");
        builder.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
    }
}
