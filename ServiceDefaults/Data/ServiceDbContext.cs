using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Scope;

namespace Platform.ServiceDefaults.Data;

/// <summary>
/// Base of every service's DbContext: snake_case names, and the tables each service has from its first migration
/// (audit trail, outbox, processed idempotency keys). A service's own entity configurations are picked up from its
/// assembly. Every <see cref="IRegionScoped"/> entity is limited to the ambient caller's region and below
/// (<see cref="CallerScope"/>), in queries by a filter and in writes by <see cref="SaveChanges(bool)"/>.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();

    /// <summary>Read by the region filter at query time: the caller sees every region.</summary>
    public bool RegionScopeUnrestricted => CallerScope.Current?.IsUnrestricted ?? false;

    /// <summary>Read by the region filter at query time: the prefix of the caller's region; null matches nothing.</summary>
    public string? RegionScopePrefix => CallerScope.Current?.ScopePrefix;

    /// <exception cref="RegionScopeException">A region-scoped record outside the caller's scope was added, changed or removed.</exception>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnsureWritesInScope();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <exception cref="RegionScopeException">A region-scoped record outside the caller's scope was added, changed or removed.</exception>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnsureWritesInScope();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Conventions.Add(_ => new SnakeCaseNamingConvention());
        configurationBuilder.Conventions.Add(_ => new RegionScopeConvention(this));
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new AuditEntryConfiguration());
        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new ProcessedMessageConfiguration());
        var serviceAssembly = GetType().Assembly;
        if (serviceAssembly != typeof(ServiceDbContext).Assembly)
        {
            modelBuilder.ApplyConfigurationsFromAssembly(serviceAssembly);
        }
    }

    /// <summary>
    /// A record may be written only where the caller may see it: its region before the change (modified, deleted)
    /// and after it (added, modified) must both be covered, so nothing is moved out of or into a foreign region.
    /// </summary>
    private void EnsureWritesInScope()
    {
        var caller = CallerScope.Current ?? Caller.Anonymous;
        if (caller.IsUnrestricted)
        {
            return;
        }
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)
                || !typeof(IRegionScoped).IsAssignableFrom(entry.Metadata.ClrType))
            {
                continue;
            }
            var region = entry.Property(RegionScopeModel.RegionProperty(entry.Metadata).Name);
            string?[] regions = entry.State switch
            {
                EntityState.Added => [region.CurrentValue as string],
                EntityState.Deleted => [region.OriginalValue as string],
                _ => [region.OriginalValue as string, region.CurrentValue as string],
            };
            foreach (var code in regions)
            {
                if (!caller.Covers(code))
                {
                    throw new RegionScopeException(entry.Metadata.ClrType.Name, code, caller);
                }
            }
        }
    }
}
