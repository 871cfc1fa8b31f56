using Microsoft.EntityFrameworkCore;

namespace Platform.ServiceDefaults.Data;

/// <summary>
/// Base of every service's DbContext: snake_case names, and the tables each service has from its first migration
/// (audit trail, outbox, processed idempotency keys). A service's own entity configurations are picked up from its
/// assembly.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Conventions.Add(_ => new SnakeCaseNamingConvention());

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
}
