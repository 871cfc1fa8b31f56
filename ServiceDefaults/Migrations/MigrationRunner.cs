using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Platform.ServiceDefaults.Migrations;

/// <summary>
/// Applies a service's versioned SQL scripts to its database (ARCHITECTURE.md, Data): history in
/// <c>schema_migrations</c> (version, name, SHA-256 checksum, applied_at, execution_ms), a PostgreSQL advisory lock so
/// concurrent replicas never migrate at once, each script and its history row in one transaction, and an applied
/// script whose text changed is refused by name.
/// </summary>
public sealed class MigrationRunner
{
    /// <summary>Advisory lock key ("PLATMIGR"); advisory locks are per database, so services never contend.</summary>
    public const long AdvisoryLockKey = 0x504C_4154_4D49_4752;

    private const string HistoryTable = "schema_migrations";

    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(200);

    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<MigrationScript> _scripts;
    private readonly ILogger _logger;
    private readonly string _database;

    public MigrationRunner(NpgsqlDataSource dataSource, IEnumerable<MigrationScript> scripts, ILogger<MigrationRunner>? logger = null)
    {
        _dataSource = dataSource;
        _scripts = MigrationScript.Ordered(scripts);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _database = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database ?? "(default database)";
    }

    /// <summary>How long <see cref="MigrateAsync"/> waits for another runner holding the lock before giving up.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Applies every pending script in version order and returns what it did. Stops at the first failing script,
    /// whose changes are rolled back; scripts applied before it stay applied.
    /// </summary>
    /// <exception cref="MigrationException">A script failed, an applied script changed, or the lock was not obtained.</exception>
    public async Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await AcquireLockAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, $"""
                CREATE TABLE IF NOT EXISTS {HistoryTable} (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    checksum char(64) NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    execution_ms integer NOT NULL
                )
                """, cancellationToken).ConfigureAwait(false);
            var applied = await ReadHistoryAsync(connection, cancellationToken).ConfigureAwait(false);
            if (FindAltered(applied).FirstOrDefault() is { } altered)
            {
                throw new MigrationException(AlteredMessage(altered));
            }
            var done = new List<AppliedMigration>();
            foreach (var script in _scripts.Where(s => !applied.ContainsKey(s.Version)))
            {
                done.Add(await ApplyAsync(connection, script, cancellationToken).ConfigureAwait(false));
            }
            return new MigrationReport(_database, done, _scripts.Count - done.Count);
        }
        finally
        {
            await ReleaseLockAsync(connection).ConfigureAwait(false);
        }
    }

    /// <summary>Compares the scripts with the database's history without changing anything.</summary>
    public async Task<MigrationStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand($"SELECT to_regclass('{HistoryTable}') IS NOT NULL", connection);
        var applied = (bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!
            ? await ReadHistoryAsync(connection, cancellationToken).ConfigureAwait(false)
            : [];
        return new MigrationStatus(
            _database,
            [.. _scripts.Where(s => !applied.ContainsKey(s.Version))],
            [.. FindAltered(applied)]);
    }

    /// <summary>
    /// Throws unless the database has every script applied unchanged: the check a service makes before it opens its
    /// port.
    /// </summary>
    public async Task EnsureUpToDateAsync(CancellationToken cancellationToken = default)
    {
        var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.Altered.FirstOrDefault() is { } altered)
        {
            throw new MigrationException(AlteredMessage(altered));
        }
        if (status.Pending.Count > 0)
        {
            throw new MigrationException(
                $"Database '{_database}' has {status.Pending.Count} pending migration(s) ({string.Join(", ", status.Pending.Select(s => s.Id))}); run the migration step first (the service with --migrate).");
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw new MigrationException($"Cannot connect to database '{_database}': {ex.Message}", ex);
        }
    }

    private async Task<AppliedMigration> ApplyAsync(NpgsqlConnection connection, MigrationScript script, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using (var command = new NpgsqlCommand(script.Sql, connection, transaction))
            {
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            var elapsed = (int)stopwatch.ElapsedMilliseconds;
            await using (var record = new NpgsqlCommand(
                $"INSERT INTO {HistoryTable} (version, name, checksum, execution_ms) VALUES ($1, $2, $3, $4)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = script.Version });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = script.Name });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = script.Checksum });
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = elapsed });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Applied migration {Migration} to {Database} in {ElapsedMs} ms", script.Id, _database, elapsed);
            return new AppliedMigration(script.Id, elapsed);
        }
        catch (PostgresException ex)
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            var position = ex.Position > 0 ? $" at character {ex.Position}" : "";
            throw new MigrationException(
                $"Migration {script.Id} failed on database '{_database}' and was rolled back: {ex.SqlState} {ex.MessageText}{position}. Fix the script and run the migration step again.", ex);
        }
    }

    private async Task AcquireLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var waiting = false;
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AdvisoryLockKey });
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return;
            }
            if (!waiting)
            {
                _logger.LogInformation("Another migration runner holds the lock on {Database}; waiting for it", _database);
                waiting = true;
            }
            if (deadline.Elapsed > LockTimeout)
            {
                throw new MigrationException(
                    $"Another migration runner has held the lock on database '{_database}' for over {LockTimeout.TotalMinutes:0} minutes; check for a stuck migration step (pg_locks, advisory lock {AdvisoryLockKey}).");
            }
            await Task.Delay(LockPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReleaseLockAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AdvisoryLockKey });
            await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            // The session is gone, and its advisory lock with it.
            _logger.LogDebug(ex, "Releasing the migration lock on {Database} failed", _database);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Dictionary<int, (string Name, string Checksum)>> ReadHistoryAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var history = new Dictionary<int, (string, string)>();
        await using var command = new NpgsqlCommand($"SELECT version, name, checksum FROM {HistoryTable}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            history[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2).Trim());
        }
        return history;
    }

    private IEnumerable<MigrationScript> FindAltered(Dictionary<int, (string Name, string Checksum)> applied) =>
        _scripts.Where(s => applied.TryGetValue(s.Version, out var row) && (row.Checksum != s.Checksum || row.Name != s.Name));

    private string AlteredMessage(MigrationScript script) =>
        $"Migration {script.Id} was changed after it was applied to database '{_database}' (checksum differs); restore the applied text and put the change in a new version.";
}

/// <summary>What <see cref="MigrationRunner.MigrateAsync"/> did.</summary>
public sealed record MigrationReport(string Database, IReadOnlyList<AppliedMigration> Applied, int AlreadyApplied)
{
    public override string ToString() => Applied.Count == 0
        ? $"Database '{Database}' is up to date ({AlreadyApplied} migration(s) applied earlier)."
        : $"Applied {Applied.Count} migration(s) to database '{Database}': {string.Join(", ", Applied.Select(a => $"{a.Id} ({a.ElapsedMilliseconds} ms)"))}; {AlreadyApplied} applied earlier.";
}

public sealed record AppliedMigration(string Id, long ElapsedMilliseconds);

/// <summary>Scripts not yet applied, and applied scripts whose text has changed since.</summary>
public sealed record MigrationStatus(string Database, IReadOnlyList<MigrationScript> Pending, IReadOnlyList<MigrationScript> Altered)
{
    public bool IsUpToDate => Pending.Count == 0 && Altered.Count == 0;
}
