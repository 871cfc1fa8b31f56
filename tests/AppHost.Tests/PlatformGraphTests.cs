using Platform.Hosting;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>The platform's own graph, as declared by <see cref="PlatformGraph"/> and started by the harness.</summary>
public sealed class PlatformGraphTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_service_waits_for_its_migration_step_its_database_and_redis()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<PlatformGraph>(Ct);
        var resources = builder.Resources.ToDictionary(r => r.Name);

        foreach (var (service, database) in ResourceNames.Services)
        {
            var resource = resources[service];
            var migrations = resources[$"{service}-migrations"];
            Assert.Contains(new Dependency(migrations, WaitKind.Completion), resource.Dependencies);
            Assert.Contains(resource.Dependencies, d => d.Target.Name == database && d.Kind == WaitKind.Healthy);
            Assert.Contains(resource.Dependencies, d => d.Target.Name == ResourceNames.Redis);
            Assert.Contains(resource.References, r => r.Name == database);
            Assert.Contains(resource.References, r => r.Name == ResourceNames.Redis);
            Assert.Equal("/health", resource.HealthCheckPath);
            Assert.Equal(["--migrate"], migrations.Args);
            Assert.Contains(migrations.References, r => r.Name == database);
            Assert.True(File.Exists(((ProjectResource)resource).Project.AssemblyPath), $"{service} dll from build metadata");
        }
    }

    [Fact]
    public async Task The_gateway_references_all_six_services_and_redis_and_is_the_external_endpoint()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<PlatformGraph>(Ct);
        var gateway = builder.Resources.Single(r => r.Name == ResourceNames.Gateway);

        Assert.Equal(
            ResourceNames.Services.Select(s => s.Service).Append(ResourceNames.Redis).Order(),
            gateway.References.Select(r => r.Name).Order());
        Assert.True(gateway.ExternalHttpEndpoints);
        Assert.Equal([ResourceNames.Gateway], builder.Resources.Where(r => r.ExternalHttpEndpoints).Select(r => r.Name));
    }

    [Fact]
    public async Task A_subset_brings_the_named_services_with_their_infrastructure_only()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<PlatformGraph>(
            o => o.Resources = [ResourceNames.Gateway, ResourceNames.Projects], Ct);

        Assert.Equal(
            new[] { "gateway", "postgres", "projects", "projects-migrations", "projectsdb", "redis" },
            builder.Resources.Select(r => r.Name).Order());
    }

    [Fact]
    public async Task Replica_counts_from_the_options_apply_to_the_graph()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<PlatformGraph>(o => o.Replicas[ResourceNames.Projects] = 2, Ct);
        var app = await builder.BuildAsync(Ct);
        await app.DisposeAsync();

        Assert.Equal(2, builder.Resources.Single(r => r.Name == ResourceNames.Projects).Replicas);
    }

    [Fact]
    public async Task The_whole_platform_starts_healthy_and_stops_leaving_no_process()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(150));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<PlatformGraph>(ct);
        var app = await builder.BuildAsync(ct);
        int[] pids;
        try
        {
            await app.StartAsync(ct);
            Assert.True(await app.Application.WaitForAllReadyAsync(ct), app.Output);
            using var gateway = app.CreateHttpClient(ResourceNames.Gateway);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await gateway.GetAsync("/health", ct)).StatusCode);
            var leaders = app.ResourceNotifications.GetSnapshots().SelectMany(s => s.Replicas).Select(r => r.Pid).OfType<int>().ToList();
            pids = [.. leaders.SelectMany(TestSupport.Descendants).Concat(leaders).Distinct()];
            Assert.Equal(9, leaders.Count);
        }
        finally
        {
            await app.DisposeAsync();
        }

        Assert.DoesNotContain(pids, TestSupport.IsAlive);
    }
}
