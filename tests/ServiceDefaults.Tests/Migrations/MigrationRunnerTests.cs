using Npgsql;
using Platform.ServiceDefaults.Migrations;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests.Migrations;

/// <summary>The shared runner against a real PostgreSQL database, one fresh database per test.</summary>
public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private static readonly MigrationScript CreateRegions = MigrationScript.Create("V001__create_regions.sql",
        "CREATE TABLE regions (code char(6) PRIMARY KEY, name text NOT NULL);");

    private static readonly MigrationScript SeedRegions = MigrationScript.Create("V002__seed_regions.sql",
        "INSERT INTO regions VALUES ('140000', '山西省'), ('140300', '阳泉市');");

    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("migrations", TestContext.Current.CancellationToken);
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Scripts_are_applied_in_version_order()
    {
        // Given out of order: V002 needs V001's table.
        var report = await Runner(SeedRegions, CreateRegions).MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["V001__create_regions", "V002__seed_regions"], report.Applied.Select(a => a.Id));
        Assert.Equal(2L, await Scalar<long>("SELECT count(*) FROM regions"));
    }

    [Fact]
    public async Task History_records_name_checksum_time_and_duration()
    {
        await Runner(CreateRegions).MigrateAsync(TestContext.Current.CancellationToken);

        await using var command = _dataSource.CreateCommand("SELECT version, name, checksum, applied_at, execution_ms FROM schema_migrations");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, reader.GetInt32(0));
        Assert.Equal("create_regions", reader.GetString(1));
        Assert.Equal(CreateRegions.Checksum, reader.GetString(2));
        Assert.True(DateTime.UtcNow - reader.GetDateTime(3) < TimeSpan.FromMinutes(5));
        Assert.True(reader.GetInt32(4) >= 0);
        Assert.False(await reader.ReadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Second_run_applies_nothing()
    {
        await Runner(CreateRegions, SeedRegions).MigrateAsync(TestContext.Current.CancellationToken);

        var second = await Runner(CreateRegions, SeedRegions).MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Empty(second.Applied);
        Assert.Equal(2, second.AlreadyApplied);
        Assert.Equal(2L, await Scalar<long>("SELECT count(*) FROM regions"));
    }

    [Fact]
    public async Task New_script_is_applied_on_top_of_earlier_ones()
    {
        await Runner(CreateRegions).MigrateAsync(TestContext.Current.CancellationToken);

        var report = await Runner(CreateRegions, SeedRegions).MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["V002__seed_regions"], report.Applied.Select(a => a.Id));
    }

    [Fact]
    public async Task Changed_applied_script_is_refused_by_name()
    {
        await Runner(CreateRegions).MigrateAsync(TestContext.Current.CancellationToken);
        var altered = MigrationScript.Create("V001__create_regions.sql", "CREATE TABLE regions (code varchar(12) PRIMARY KEY, name text NOT NULL);");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner(altered, SeedRegions).MigrateAsync(TestContext.Current.CancellationToken));

        Assert.Contains("V001__create_regions", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await Scalar<long>("SELECT count(*) FROM regions"));
    }

    [Fact]
    public async Task Failing_script_rolls_back_only_itself()
    {
        var failing = MigrationScript.Create("V002__half_done.sql", "CREATE TABLE half (id int); SELECT 1 / 0;");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner(CreateRegions, failing).MigrateAsync(TestContext.Current.CancellationToken));

        Assert.Contains("V002__half_done", error.Message, StringComparison.Ordinal);
        Assert.True(await Scalar<bool>("SELECT to_regclass('regions') IS NOT NULL"));
        Assert.False(await Scalar<bool>("SELECT to_regclass('half') IS NOT NULL"));
        Assert.Equal(1L, await Scalar<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Concurrent_runners_take_turns()
    {
        // Slow enough that two unserialised runners would both try to create the table.
        var slow = MigrationScript.Create("V001__slow_create.sql", "SELECT pg_sleep(0.5); CREATE TABLE regions (code char(6) PRIMARY KEY);");

        var reports = await Task.WhenAll(
            Task.Run(() => Runner(slow).MigrateAsync(TestContext.Current.CancellationToken)),
            Task.Run(() => Runner(slow).MigrateAsync(TestContext.Current.CancellationToken)));

        Assert.Equal([0, 1], reports.Select(r => r.Applied.Count).Order());
        Assert.Equal(1L, await Scalar<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Fresh_database_has_every_script_pending()
    {
        var status = await Runner(CreateRegions, SeedRegions).GetStatusAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["V001__create_regions", "V002__seed_regions"], status.Pending.Select(s => s.Id));
        Assert.False(status.IsUpToDate);
    }

    [Fact]
    public async Task Start_check_refuses_pending_scripts_and_names_the_migration_step()
    {
        await Runner(CreateRegions).MigrateAsync(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner(CreateRegions, SeedRegions).EnsureUpToDateAsync(TestContext.Current.CancellationToken));

        Assert.Contains("V002__seed_regions", error.Message, StringComparison.Ordinal);
        Assert.Contains("--migrate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_check_refuses_an_altered_script()
    {
        await Runner(CreateRegions).MigrateAsync(TestContext.Current.CancellationToken);
        var altered = MigrationScript.Create("V001__create_regions.sql", "CREATE TABLE regions (code text);");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner(altered).EnsureUpToDateAsync(TestContext.Current.CancellationToken));

        Assert.Contains("V001__create_regions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_check_passes_when_everything_is_applied()
    {
        await Runner(CreateRegions, SeedRegions).MigrateAsync(TestContext.Current.CancellationToken);

        await Runner(CreateRegions, SeedRegions).EnsureUpToDateAsync(TestContext.Current.CancellationToken);

        Assert.True((await Runner(CreateRegions, SeedRegions).GetStatusAsync(TestContext.Current.CancellationToken)).IsUpToDate);
    }

    private MigrationRunner Runner(params MigrationScript[] scripts) => new(_dataSource, scripts);

    private async Task<T> Scalar<T>(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
