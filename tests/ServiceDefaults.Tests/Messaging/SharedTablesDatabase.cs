using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Migrations;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests.Messaging;

/// <summary>
/// A real PostgreSQL database migrated as projects' and targets' are: the shared V001 and their V002 (idempotent
/// requests, import jobs), read from the service's own script so the tests exercise the shipped schema.
/// </summary>
internal sealed class SharedTablesDatabase : IAsyncDisposable
{
    private SharedTablesDatabase(TestDatabase database, NpgsqlDataSource dataSource)
    {
        Database = database;
        DataSource = dataSource;
    }

    public TestDatabase Database { get; }

    public NpgsqlDataSource DataSource { get; }

    public string ConnectionString => Database.ConnectionString;

    public static async Task<SharedTablesDatabase> CreateAsync(string prefix, CancellationToken ct)
    {
        var database = await TestDatabase.CreateAsync(prefix, ct);
        var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var scripts = MigrationScript.Ordered(
            MigrationScript.FromAssembly(typeof(MigrationScript).Assembly).Append(MigrationScript.Create("V002__shared_tables.sql", SharedTablesSql())));
        await new MigrationRunner(dataSource, scripts).MigrateAsync(ct);
        await using var notes = dataSource.CreateCommand("CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL)");
        await notes.ExecuteNonQueryAsync(ct);
        return new SharedTablesDatabase(database, dataSource);
    }

    /// <summary>The V002 script of a service (both services ship the same file).</summary>
    public static string SharedTablesSql(string service = "Projects") =>
        File.ReadAllText(Path.Combine(RepositoryRoot(), "services", service, "Infrastructure", "Migrations", "V002__shared_tables.sql"));

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken ct)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}

/// <summary>A service's DbContext as the shared pieces see it, with one entity of its own for handlers to write.</summary>
public sealed class MessagingTestDb(DbContextOptions<MessagingTestDb> options) : ServiceDbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Note>().ToTable("notes");
    }
}

public sealed class Note
{
    public int Id { get; set; }

    public required string Text { get; set; }
}

/// <summary>A clock the test moves: backoff and retention are checked without waiting.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public void Advance(TimeSpan by) => _now += by;

    public override DateTimeOffset GetUtcNow() => _now;
}
