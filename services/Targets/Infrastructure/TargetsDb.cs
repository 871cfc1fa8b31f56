using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;
using Platform.Targets.Model;

namespace Platform.Targets.Infrastructure;

/// <summary>
/// The targets service's database (targetsdb), schema from <c>Infrastructure/Migrations</c>. Targets (绩效目标): target
/// sets, the indicator tree and library, review, approval and publication.
/// </summary>
public sealed class TargetsDb(DbContextOptions<TargetsDb> options) : ServiceDbContext(options)
{
    public DbSet<TargetSet> TargetSets => Set<TargetSet>();

    public DbSet<Indicator> Indicators => Set<Indicator>();

    public DbSet<ReviewComment> ReviewComments => Set<ReviewComment>();

    public DbSet<TargetSetRevision> Revisions => Set<TargetSetRevision>();

    public DbSet<LibraryEntry> LibraryEntries => Set<LibraryEntry>();

    public DbSet<Template> Templates => Set<Template>();
}
