using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Contracts.Projects;
using Platform.Contracts.Targets;
using Platform.Projects.Infrastructure;
using Platform.ServiceDefaults;
using Platform.Targets.Infrastructure;
using Platform.Targets.Model;
using Platform.Testing;

namespace Platform.Targets.Tests;

/// <summary>
/// The targets service in-process over its own migrated database (<see cref="ServiceUnderTest{TEntryPoint}"/>), trusting
/// tokens from a <see cref="TestTokenIssuer"/> minted with the claims identity issues (<see cref="TestUsers"/>); the
/// outbox relay is off so tests read the rows it would deliver. One per test class; tests create their own sets and
/// never depend on each other's.
/// </summary>
public class TargetsHost : IAsyncLifetime
{
    private ServiceUnderTest<TargetsDb>? _targets;

    public TestTokenIssuer Issuer { get; private set; } = null!;

    public TestDatabase Database => _targets!.Database;

    public WebApplicationFactory<TargetsDb> Factory => _targets!.Factory;

    /// <summary>The projects service behind targets' ProjectsClient, when the class hosts it (project-owned sets).</summary>
    public ServiceUnderTest<ProjectsDb>? Projects { get; private set; }

    protected virtual bool WithProjects => false;

    protected virtual string? RedisConnectionString => null;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        Issuer = await TestTokenIssuer.StartAsync(Ct);
        if (WithProjects)
        {
            Projects = await ServiceUnderTest<ProjectsDb>.StartAsync(ResourceNames.Projects, Issuer, "targets_tests_projects",
                web => web.UseSetting("Outbox:Enabled", "false"), ct: Ct);
        }
        _targets = await ServiceUnderTest<TargetsDb>.StartAsync(ResourceNames.Targets, Issuer, "targets_tests", web =>
        {
            web.UseSetting("Outbox:Enabled", "false");
            if (Projects is { } projects)
            {
                web.ConfigureTestServices(services => services.AddHttpClient<ProjectsClient>()
                    .ConfigurePrimaryHttpMessageHandler(() => projects.Factory.Server.CreateHandler()));
            }
        }, RedisConnectionString, Ct);
    }

    /// <summary>The user's portal token (for targets and projects, as identity issues it).</summary>
    public string TokenFor(string userName) => TestUsers.Get(userName).Portal.TokenFrom(Issuer);

    public HttpClient Client(string userName) => _targets!.Client(TokenFor(userName));

    public HttpClient AnonymousClient() => _targets!.Client(null);

    /// <summary>Runs <paramref name="work"/> against the database as the system (every region visible).</summary>
    public Task<T> WithDbAsync<T>(Func<TargetsDb, Task<T>> work) => _targets!.WithDbAsync(work);

    /// <summary>
    /// A set filed by <paramref name="filer"/> straight into the database in <paramref name="status"/>, with valid
    /// indicators (产出 60 + 效益 40 = 100.00) unless <paramref name="indicators"/> says otherwise.
    /// </summary>
    public Task<TargetSet> SeedSetAsync(string filer, string status, string ownerType = TargetOwnerTypes.Policy, Guid? projectId = null,
        List<Indicator>? indicators = null, bool isKey = false, int year = 2027, string? name = null) => WithDbAsync(async db =>
    {
        var user = TestUsers.Get(filer);
        var id = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        var set = new TargetSet
        {
            Id = id,
            LineageId = id,
            OwnerType = ownerType,
            ProjectId = projectId,
            OwnerName = name ?? $"测试目标表-{id.ToString("N")[..8]}",
            Year = year,
            RegionCode = user.RegionCode,
            RegionName = user.RegionName,
            DepartmentId = user.DepartmentId,
            DepartmentName = user.DepartmentName,
            UnitId = user.ParentId is null ? null : user.OrganisationId,
            UnitName = user.ParentId is null ? null : user.OrganisationName,
            Amount = 1_000_000m,
            Status = status,
            IsKey = isKey,
            CreatedBy = TestUsers.IdOf(filer),
            CreatedAt = now,
            UpdatedAt = now,
            SubmittedAt = status == TargetSetStates.Draft ? null : now,
            Indicators = indicators ?? ValidIndicators(id),
        };
        foreach (var indicator in set.Indicators)
        {
            indicator.SetId = id;
        }
        set.RecomputeTotals();
        db.TargetSets.Add(set);
        await db.SaveChangesAsync(Ct);
        return set;
    });

    /// <summary>
    /// <paramref name="count"/> project sets of <paramref name="filer"/> in <paramref name="status"/>, each with two valid
    /// indicators, written with one SQL statement; returns their ids.
    /// </summary>
    public async Task<List<Guid>> SeedManyAsync(string filer, string status, int count, decimal benefitPoints = 40m)
    {
        var user = TestUsers.Get(filer);
        await using var dataSource = NpgsqlDataSource.Create(Database.ConnectionString);
        await using var command = dataSource.CreateCommand("""
            WITH sets AS (
                INSERT INTO target_sets (id, lineage_id, owner_type, project_id, owner_name, year, region_code, region_name, department_id,
                    department_name, unit_id, unit_name, amount, status, total_points, indicator_count, created_by, submitted_at)
                SELECT s.id, s.id, 'project', gen_random_uuid(), '批量项目' || s.n, 2027, $1, $2, $3, $4, $5, $6, 100000.00, $7, 60 + $9, 2, 'seed', now()
                FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, $8) AS n) s
                RETURNING id
            ), output AS (
                INSERT INTO indicators (id, set_id, ordinal, level1, level2, name, value_kind, comparator, target_value, unit, direction, points)
                SELECT gen_random_uuid(), id, 1, 'output', 'quantity', '完成数量', 'quantitative', '>=', 100, '个', 'positive', 60 FROM sets
            ), benefit AS (
                INSERT INTO indicators (id, set_id, ordinal, level1, level2, name, value_kind, comparator, target_value, unit, direction, points)
                SELECT gen_random_uuid(), id, 2, 'benefit', 'social', '受益人数', 'quantitative', '>=', 500, '人', 'positive', $9 FROM sets
            )
            SELECT id FROM sets
            """);
        command.Parameters.AddWithValue(user.RegionCode);
        command.Parameters.AddWithValue(user.RegionName);
        command.Parameters.AddWithValue(user.DepartmentId);
        command.Parameters.AddWithValue(user.DepartmentName);
        command.Parameters.AddWithValue(user.ParentId is null ? DBNull.Value : user.OrganisationId);
        command.Parameters.AddWithValue(user.ParentId is null ? DBNull.Value : user.OrganisationName);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue(count);
        command.Parameters.AddWithValue(benefitPoints);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids;
    }

    public static List<Indicator> ValidIndicators(Guid setId) =>
    [
        new() { Id = Guid.CreateVersion7(), SetId = setId, Ordinal = 1, Level1 = "output", Level2 = "quantity", Name = "培训人次", ValueKind = "quantitative", Comparator = ">=", TargetValue = 1000, Unit = "人次", Direction = "positive", Points = 60m },
        new() { Id = Guid.CreateVersion7(), SetId = setId, Ordinal = 2, Level1 = "benefit", Level2 = "social", Name = "教学质量提升", ValueKind = "qualitative", Direction = "positive", Points = 40m,
            Bands = [new("达成", 0.8m, 1m), new("部分达成", 0.5m, 0.8m), new("未达成", 0m, 0.5m)] },
    ];

    public virtual async ValueTask DisposeAsync()
    {
        if (_targets is not null)
        {
            await _targets.DisposeAsync();
        }
        if (Projects is not null)
        {
            await Projects.DisposeAsync();
        }
        await Issuer.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A targets host with the projects service in-process behind its ProjectsClient.</summary>
public sealed class TargetsWithProjectsHost : TargetsHost
{
    protected override bool WithProjects => true;
}

/// <summary>A targets host whose Redis is unreachable: the library must keep working from the database.</summary>
public sealed class TargetsWithoutRedisHost : TargetsHost
{
    protected override string? RedisConnectionString => $"127.0.0.1:{Platform.Testing.FreePort.Next()},connectTimeout=300,syncTimeout=300";
}
