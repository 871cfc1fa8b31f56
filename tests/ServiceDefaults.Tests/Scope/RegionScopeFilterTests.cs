using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Migrations;
using Platform.ServiceDefaults.Scope;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests.Scope;

/// <summary>
/// The shared region filter and write guard of <see cref="ServiceDbContext"/> on real PostgreSQL, through a pooled
/// context exactly as services register theirs.
/// </summary>
public sealed class RegionScopeFilterTests : IAsyncLifetime
{
    private static readonly string[] Regions = ["140000", "140300", "140302", "140371", "140321", "140322", "140400", "140403"];

    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _database = await TestDatabase.CreateAsync("region_scope", ct);
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await new MigrationRunner(_dataSource, MigrationScript.FromAssembly(typeof(MigrationScript).Assembly)).MigrateAsync(ct);
        await using var create = _dataSource.CreateCommand($"""
            CREATE TABLE scoped_records (id serial PRIMARY KEY, region_code varchar(12) NOT NULL, name text NOT NULL);
            CREATE TABLE zones (code varchar(12) PRIMARY KEY, name text NOT NULL);
            INSERT INTO scoped_records (region_code, name) VALUES {string.Join(", ", Regions.Select(r => $"('{r}', 'record {r}')"))};
            INSERT INTO zones (code, name) VALUES ('140371', '阳泉经济技术开发区'), ('140471', '长治高新区');
            """);
        await create.ExecuteNonQueryAsync(ct);
        // Pool of one: every scope below leases the very same context instance.
        _services = new ServiceCollection()
            .AddDbContextPool<ScopeTestDb>(options => options.UseNpgsql(_dataSource), poolSize: 1)
            .BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Province_caller_sees_every_region() =>
        Assert.Equal(Regions.Order(), await VisibleAs(User("140000", RegionLevels.Province)));

    [Fact]
    public async Task City_caller_sees_its_city_counties_and_zone_but_not_another_city() =>
        Assert.Equal(["140300", "140302", "140321", "140322", "140371"], await VisibleAs(User("140300", RegionLevels.City)));

    [Fact]
    public async Task County_caller_sees_only_itself_not_its_sibling_nor_its_city() =>
        Assert.Equal(["140322"], await VisibleAs(User("140322", RegionLevels.County)));

    [Fact]
    public async Task Without_any_caller_nothing_scoped_is_visible() =>
        Assert.Empty(await VisibleAs(null));

    [Fact]
    public async Task Anonymous_caller_and_user_without_region_see_nothing()
    {
        Assert.Empty(await VisibleAs(Caller.Anonymous));
        Assert.Empty(await VisibleAs(Caller.FromPrincipal(Claims.Principal(new System.Security.Claims.Claim("sub", "u-1")))));
    }

    [Fact]
    public async Task System_scope_and_service_callers_see_every_region()
    {
        Assert.Equal(Regions.Order(), await VisibleAs(Caller.System));
        Assert.Equal(Regions.Order(), await VisibleAs(Caller.FromPrincipal(Claims.Service("projects"))));
    }

    [Fact]
    public async Task Same_pooled_context_follows_each_callers_region()
    {
        ScopeTestDb? first = null;
        using (CallerScope.Begin(User("140322", RegionLevels.County)))
        using (var scope = _services.CreateScope())
        {
            first = scope.ServiceProvider.GetRequiredService<ScopeTestDb>();
            Assert.Equal(["140322"], await Codes(first));
        }
        using (CallerScope.Begin(User("140400", RegionLevels.City)))
        using (var scope = _services.CreateScope())
        {
            var second = scope.ServiceProvider.GetRequiredService<ScopeTestDb>();
            Assert.Same(first, second);
            Assert.Equal(["140400", "140403"], await Codes(second));
        }
    }

    [Fact]
    public async Task Entity_scoped_by_another_property_is_filtered_on_it()
    {
        using (CallerScope.Begin(User("140300", RegionLevels.City)))
        using (var scope = _services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ScopeTestDb>();
            Assert.Equal(["140371"], await db.Zones.Select(z => z.Code).ToListAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public void Filter_is_translated_to_a_like_on_the_prefix_in_sql()
    {
        using var caller = CallerScope.Begin(User("140300", RegionLevels.City));
        using var scope = _services.CreateScope();
        var sql = scope.ServiceProvider.GetRequiredService<ScopeTestDb>().Records.ToQueryString();

        Assert.Matches("region_code\"? LIKE @", sql);
    }

    [Fact]
    public async Task Filter_can_be_lifted_by_name_for_deliberate_cross_region_reads()
    {
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ScopeTestDb>();

        var all = await db.Records.IgnoreQueryFilters([RegionScopeModel.FilterName]).CountAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Regions.Length, all);
    }

    [Fact]
    public async Task Adding_a_record_in_own_region_or_below_is_saved()
    {
        using (CallerScope.Begin(User("140300", RegionLevels.City)))
        {
            await Save(db => db.Records.Add(new ScopedRecord { RegionCode = "140322", Name = "new" }));
        }
        using (CallerScope.BeginSystem())
        {
            Assert.Equal(2, await Count("140322"));
        }
    }

    [Theory]
    [InlineData("140322", RegionLevels.County, "140321")]
    [InlineData("140322", RegionLevels.County, "140300")]
    [InlineData("140300", RegionLevels.City, "140403")]
    [InlineData("140300", RegionLevels.City, "140000")]
    public async Task Adding_a_record_outside_own_scope_is_refused(string region, string level, string target)
    {
        using (CallerScope.Begin(User(region, level)))
        {
            var error = await Assert.ThrowsAsync<RegionScopeException>(() =>
                Save(db => db.Records.Add(new ScopedRecord { RegionCode = target, Name = "smuggled" })));
            Assert.Equal(target, error.RegionCode);
        }
        using (CallerScope.BeginSystem())
        {
            Assert.Equal(1, await Count(target));
        }
    }

    [Fact]
    public async Task Moving_an_own_record_into_a_sibling_region_is_refused()
    {
        using (CallerScope.Begin(User("140322", RegionLevels.County)))
        {
            await Assert.ThrowsAsync<RegionScopeException>(() => Save(async db =>
                (await db.Records.SingleAsync(TestContext.Current.CancellationToken)).RegionCode = "140321"));
        }
        using (CallerScope.BeginSystem())
        {
            Assert.Equal(1, await Count("140322"));
        }
    }

    [Fact]
    public async Task Writing_without_a_caller_is_refused() =>
        await Assert.ThrowsAsync<RegionScopeException>(() => Save(db => db.Records.Add(new ScopedRecord { RegionCode = "140322", Name = "x" })));

    private static Caller User(string region, string level) => Caller.FromPrincipal(Claims.User(region, level));

    private async Task<List<string>> VisibleAs(Caller? caller)
    {
        using (caller is null ? null : CallerScope.Begin(caller))
        using (var scope = _services.CreateScope())
        {
            return await Codes(scope.ServiceProvider.GetRequiredService<ScopeTestDb>());
        }
    }

    private static Task<List<string>> Codes(ScopeTestDb db) =>
        db.Records.Select(r => r.RegionCode).OrderBy(code => code).ToListAsync(TestContext.Current.CancellationToken);

    private async Task<int> Count(string region)
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ScopeTestDb>().Records.CountAsync(r => r.RegionCode == region, TestContext.Current.CancellationToken);
    }

    private Task Save(Action<ScopeTestDb> change) => Save(db =>
    {
        change(db);
        return Task.CompletedTask;
    });

    private async Task Save(Func<ScopeTestDb, Task> change)
    {
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ScopeTestDb>();
        await change(db);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}

public sealed class ScopedRecord : IRegionScoped
{
    public int Id { get; set; }

    public required string RegionCode { get; set; }

    public required string Name { get; set; }
}

/// <summary>Scoped by its own code, like identity's region tree.</summary>
public sealed class Zone : IRegionScoped
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    string IRegionScoped.RegionCode => Code;
}

public sealed class ScopeTestDb(DbContextOptions<ScopeTestDb> options) : ServiceDbContext(options)
{
    public DbSet<ScopedRecord> Records => Set<ScopedRecord>();

    public DbSet<Zone> Zones => Set<Zone>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<ScopedRecord>().ToTable("scoped_records");
        modelBuilder.Entity<Zone>(zone =>
        {
            zone.ToTable("zones");
            zone.HasKey(z => z.Code);
            zone.HasRegionScope(z => z.Code);
        });
    }
}
