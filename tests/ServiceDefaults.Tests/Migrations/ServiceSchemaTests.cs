using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Migrations;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests.Migrations;

/// <summary>
/// The shared V001 that ServiceDefaults applies to every service's database, on a real database, matches the shared EF
/// mapping of the tables every service has (audit trail, outbox, processed keys).
/// </summary>
public sealed class ServiceSchemaTests
{
    [Fact]
    public void Shared_V001_comes_from_ServiceDefaults_and_services_add_scripts_only_after_it()
    {
        var shared = Assert.Single(SharedScripts());

        Assert.Equal("V001__create_service_core", shared.Id);
        Assert.Equal(shared, MigrationScript.ForService(typeof(ServiceSchemaTests).Assembly).Single());
    }

    [Fact]
    public async Task Shared_tables_round_trip_through_ef()
    {
        await using var database = await TestDatabase.CreateAsync("schema_shared", TestContext.Current.CancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await new MigrationRunner(dataSource, SharedScripts()).MigrateAsync(TestContext.Current.CancellationToken);
        var messageId = Guid.CreateVersion7();

        await using (var db = Context(dataSource))
        {
            db.AuditEntries.Add(new AuditEntry
            {
                EntityType = "project", EntityId = "P-2026-0001", FromState = "draft", ToState = "submitted",
                Comment = "申报", ActorId = "u1", ActorName = "张三", OrganisationId = "org-140300", RegionCode = "140300",
            });
            db.OutboxMessages.Add(new OutboxMessage { Id = messageId, Type = "project.submitted", Payload = """{"code":"P-2026-0001"}""", Destination = "targets" });
            db.ProcessedMessages.Add(new ProcessedMessage { IdempotencyKey = messageId.ToString() });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using (var db = Context(dataSource))
        {
            var audit = await db.AuditEntries.SingleAsync(TestContext.Current.CancellationToken);
            var message = await db.OutboxMessages.SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(("submitted", "140300", "张三"), (audit.ToState, audit.RegionCode, audit.ActorName));
            Assert.NotEqual(default, audit.OccurredAt);
            Assert.Equal((messageId, 0, null), (message.Id, message.Attempts, message.DeliveredAt));
            Assert.Equal(messageId.ToString(), (await db.ProcessedMessages.SingleAsync(TestContext.Current.CancellationToken)).IdempotencyKey);
        }
    }

    [Fact]
    public async Task Audit_entries_cannot_be_changed()
    {
        await using var database = await TestDatabase.CreateAsync("audit_shared", TestContext.Current.CancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await new MigrationRunner(dataSource, SharedScripts()).MigrateAsync(TestContext.Current.CancellationToken);
        await using var insert = dataSource.CreateCommand(
            "INSERT INTO audit_entries (entity_type, entity_id, to_state, actor_id, actor_name) VALUES ('project', 'P1', 'submitted', 'u1', '张三')");
        await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

        await using var update = dataSource.CreateCommand("UPDATE audit_entries SET to_state = 'approved'");
        var error = await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    private static SharedTablesDb Context(NpgsqlDataSource dataSource) =>
        new(new DbContextOptionsBuilder<SharedTablesDb>().UseNpgsql(dataSource).Options);

    private static IReadOnlyList<MigrationScript> SharedScripts() => MigrationScript.FromAssembly(typeof(MigrationScript).Assembly);

    private sealed class SharedTablesDb(DbContextOptions<SharedTablesDb> options) : ServiceDbContext(options);
}
