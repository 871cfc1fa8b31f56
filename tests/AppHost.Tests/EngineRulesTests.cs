using Platform.Hosting;
using Platform.Hosting.Orchestration;

namespace Platform.AppHost.Tests;

public sealed class ResourceStateTests
{
    [Theory]
    [InlineData(new[] { "Running", "Running" }, "Running")]
    [InlineData(new[] { "Running", "Starting" }, "Starting")]
    [InlineData(new[] { "Running", "Exited" }, "Exited")]
    [InlineData(new[] { "Waiting", "FailedToStart" }, "FailedToStart")]
    [InlineData(new[] { "Finished" }, "Finished")]
    public void Summarize_shows_the_replica_furthest_from_up(string[] replicas, string expected) =>
        Assert.Equal(expected, ResourceState.Summarize(replicas));

    [Fact]
    public void SummarizeHealth_is_unhealthy_when_any_running_replica_is_unhealthy() =>
        Assert.Equal(HealthStatus.Unhealthy, ResourceState.SummarizeHealth(
            [(KnownResourceStates.Running, HealthStatus.Healthy), (KnownResourceStates.Running, HealthStatus.Unhealthy)]));

    [Fact]
    public void SummarizeHealth_is_null_when_nothing_runs() =>
        Assert.Null(ResourceState.SummarizeHealth([(KnownResourceStates.Exited, null)]));

    [Theory]
    [InlineData("Running", HealthStatus.Healthy, ResourceState.WaitOutcome.Satisfied)]
    [InlineData("Running", HealthStatus.Unhealthy, ResourceState.WaitOutcome.KeepWaiting)]
    [InlineData("Starting", null, ResourceState.WaitOutcome.KeepWaiting)]
    [InlineData("Waiting", null, ResourceState.WaitOutcome.KeepWaiting)]
    [InlineData("FailedToStart", null, ResourceState.WaitOutcome.Failed)]
    [InlineData("Exited", null, ResourceState.WaitOutcome.Failed)]
    [InlineData("Finished", null, ResourceState.WaitOutcome.Failed)]
    [InlineData("RuntimeUnhealthy", null, ResourceState.WaitOutcome.Failed)]
    public void WaitFor_healthy_outcome(string state, HealthStatus? health, ResourceState.WaitOutcome expected) =>
        Assert.Equal(expected, ResourceState.Evaluate(WaitKind.Healthy, Snapshot(state, health)));

    [Theory]
    [InlineData("Finished", ResourceState.WaitOutcome.Satisfied)]
    [InlineData("Running", ResourceState.WaitOutcome.KeepWaiting)]
    [InlineData("Exited", ResourceState.WaitOutcome.Failed)]
    [InlineData("FailedToStart", ResourceState.WaitOutcome.Failed)]
    public void WaitForCompletion_needs_Finished(string state, ResourceState.WaitOutcome expected) =>
        Assert.Equal(expected, ResourceState.Evaluate(WaitKind.Completion, Snapshot(state, null)));

    [Theory]
    [InlineData(true, 0, true, 30_000)]
    [InlineData(false, 1, true, 1_000)]
    [InlineData(false, 3, true, 3_000)]
    [InlineData(false, 9, true, 5_000)]
    [InlineData(false, 4, false, 200)]
    public void Probe_delays_follow_Aspire_after_first_success(bool healthy, int failures, bool everHealthy, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ResourceState.NextProbeDelay(healthy, failures, everHealthy));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(10, 30)]
    public void Restart_backoff_doubles_up_to_30_seconds(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ResourceState.RestartDelay(attempt));

    private static ResourceSnapshot Snapshot(string state, HealthStatus? health) => new(
        "x", "Project", state, health, null, false, false, false, [],
        [new ReplicaSnapshot(0, "x-0", state, health, null, null, null, 0, null, null, new Dictionary<string, string>())]);
}

public sealed class GraphOrderTests
{
    [Fact]
    public void Levels_put_a_database_after_its_server_and_a_service_after_its_migration()
    {
        var builder = NewBuilder();
        var postgres = builder.AddPostgres("postgres");
        var database = postgres.AddDatabase("appdb");
        var migrations = builder.AddExecutable("app-migrations", "true", ".").WithReference(database).WaitFor(database);
        var app = builder.AddExecutable("app", "true", ".").WaitForCompletion(migrations);

        var levels = GraphOrder.Levels(builder.Resources);

        int LevelOf(IResourceBuilder r) => levels.Select((l, i) => (l, i)).Single(x => x.l.Contains(r.Resource)).i;
        Assert.True(LevelOf(database) > LevelOf(postgres));
        Assert.True(LevelOf(migrations) > LevelOf(database));
        Assert.True(LevelOf(app) > LevelOf(migrations));
    }

    [Fact]
    public void Independent_resources_share_the_first_level()
    {
        var builder = NewBuilder();
        builder.AddRedis("redis");
        builder.AddPostgres("postgres");
        Assert.Single(GraphOrder.Levels(builder.Resources));
    }

    [Fact]
    public void A_cycle_of_waits_is_refused_with_its_path()
    {
        var builder = NewBuilder();
        var a = builder.AddExecutable("a", "true", ".");
        var b = builder.AddExecutable("b", "true", ".").WaitFor(a);
        a.WaitFor(b);

        var error = Assert.Throws<HostingException>(() => builder.Build());
        Assert.Contains("a → b → a", error.Message);
    }

    [Fact]
    public void A_subset_keeps_infrastructure_and_migrations_but_not_unnamed_projects()
    {
        var builder = NewBuilder();
        var project = new ProjectMetadata("Fixture.Service", null);
        var postgres = builder.AddPostgres("postgres");
        var db = postgres.AddDatabase("projectsdb");
        var otherDb = postgres.AddDatabase("targetsdb");
        var redis = builder.AddRedis("redis");
        var migrations = builder.AddProject("projects-migrations", project).WithReference(db).WaitFor(db);
        var projects = builder.AddProject("projects", project).WithReference(db).WithReference(redis).WaitForCompletion(migrations);
        var targets = builder.AddProject("targets", project).WithReference(otherDb);
        builder.AddProject("gateway", project).WithReference(projects).WithReference(targets).WaitFor(redis);

        builder.KeepOnly(["gateway", "projects"]);

        Assert.Equal(
            new[] { "gateway", "postgres", "projects", "projects-migrations", "projectsdb", "redis" },
            builder.Resources.Select(r => r.Name).Order());
        Assert.DoesNotContain(builder.Resources.Single(r => r.Name == "gateway").References, r => r.Name == "targets");
    }

    internal static DistributedApplicationBuilder NewBuilder() =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Output = null, ContentRoot = Path.GetTempPath() });
}

public sealed class SecretMaskerTests
{
    [Theory]
    [InlineData("POSTGRES_PASSWORD")]
    [InlineData("Identity__ClientSecret")]
    [InlineData("Dashboard__ApiToken")]
    [InlineData("Signing__PrivateKey")]
    public void Variables_named_like_secrets_are_masked(string name) =>
        Assert.Equal(SecretMasker.Mask, SecretMasker.MaskValue(name, "s3cr3t-value"));

    [Fact]
    public void Npgsql_connection_string_keeps_everything_but_the_password()
    {
        var masked = SecretMasker.MaskValue("ConnectionStrings__projectsdb", "Host=127.0.0.1;Port=5432;Username=postgres;Password=Abc123xyz;Database=projectsdb");
        Assert.Equal("Host=127.0.0.1;Port=5432;Username=postgres;Password=******;Database=projectsdb", masked);
    }

    [Fact]
    public void Redis_connection_string_password_is_masked() =>
        Assert.Equal("127.0.0.1:6379,password=******,ssl=false", SecretMasker.MaskValue("ConnectionStrings__redis", "127.0.0.1:6379,password=Qwe789rty,ssl=false"));

    [Fact]
    public void Url_user_password_is_masked() =>
        Assert.Equal("postgresql://postgres:******@db:5432/x", SecretMasker.MaskText("postgresql://postgres:Zxc456vbn@db:5432/x"));

    [Fact]
    public void A_known_secret_is_masked_wherever_it_appears() =>
        Assert.Equal("auth ****** failed", SecretMasker.MaskText("auth K9mP2qR7sT failed", ["K9mP2qR7sT"]));

    [Fact]
    public void Ordinary_values_are_left_alone() =>
        Assert.Equal("http://127.0.0.1:5000", SecretMasker.MaskValue("services__projects__http__0", "http://127.0.0.1:5000"));
}

public sealed class EnvironmentBuilderTests
{
    private static readonly EnvironmentContext NoOtlp = new("Development", null, null, new Dictionary<string, string>());

    [Fact]
    public void A_project_gets_Aspire_names_for_urls_connection_strings_and_discovery()
    {
        var builder = GraphOrderTests.NewBuilder();
        var project = new ProjectMetadata("Fixture.Service", null);
        var postgres = builder.AddPostgres("postgres");
        postgres.Resource.Port = 5433;
        postgres.Resource.Password = "pw123456";
        var db = postgres.AddDatabase("projectsdb");
        var redis = builder.AddRedis("redis");
        redis.Resource.Port = 6380;
        redis.Resource.Password = "rpw12345";
        var targets = builder.AddProject("targets", project).WithReplicas(2);
        targets.Resource.Ports = [7001, 7002];
        var projects = builder.AddProject("projects", project).WithReference(db).WithReference(redis).WithReference(targets)
            .WithEnvironment("Identity__Audience", "projects");
        projects.Resource.Ports = [7100];

        var env = EnvironmentBuilder.Build(projects.Resource, 0, "projects-0-abc", NoOtlp);

        Assert.Equal("http://127.0.0.1:7100", env["ASPNETCORE_URLS"]);
        Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Contains("Database=projectsdb", env["ConnectionStrings__projectsdb"]);
        Assert.Contains("Port=5433", env["ConnectionStrings__projectsdb"]);
        Assert.Equal("127.0.0.1:6380,password=rpw12345", env["ConnectionStrings__redis"]);
        Assert.Equal("http://127.0.0.1:7001", env["services__targets__http__0"]);
        Assert.Equal("http://127.0.0.1:7002", env["services__targets__http__1"]);
        Assert.Equal("http://127.0.0.1:7001", env["TARGETS_HTTP"]);
        Assert.Equal("projects", env["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=projects-0-abc", env["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("simple", env["LOGGING__CONSOLE__FORMATTERNAME"]);
        Assert.Equal("projects", env["Identity__Audience"]);
    }

    [Fact]
    public void A_project_with_an_h2c_endpoint_gets_both_endpoints_from_kestrels_configuration_and_its_callers_both_addresses()
    {
        var builder = GraphOrderTests.NewBuilder();
        var project = new ProjectMetadata("Fixture.Service", null);
        var targets = builder.AddProject("targets", project).WithReplicas(2).WithHttp2Endpoint();
        targets.Resource.Ports = [7001, 7002];
        targets.Resource.Http2Ports = [7501, 7502];
        var gateway = builder.AddProject("gateway", project).WithReference(targets);
        gateway.Resource.Ports = [7100];

        var second = EnvironmentBuilder.Build(targets.Resource, 1, "targets-1-abc", NoOtlp);
        var caller = EnvironmentBuilder.Build(gateway.Resource, 0, "gateway-0-abc", NoOtlp);

        Assert.DoesNotContain("ASPNETCORE_URLS", second.Keys);
        Assert.Equal("http://127.0.0.1:7002", second["Kestrel__Endpoints__http__Url"]);
        Assert.Equal("http://127.0.0.1:7502", second["Kestrel__Endpoints__h2c__Url"]);
        Assert.Equal("Http2", second["Kestrel__Endpoints__h2c__Protocols"]);
        Assert.Equal("http://127.0.0.1:7100", caller["ASPNETCORE_URLS"]);
        Assert.Equal("http://127.0.0.1:7002", caller["services__targets__http__1"]);
        Assert.Equal("http://127.0.0.1:7501", caller["services__targets__h2c__0"]);
        Assert.Equal("http://127.0.0.1:7502", caller["services__targets__h2c__1"]);
    }

    [Fact]
    public void Only_projects_get_an_h2c_endpoint()
    {
        var executable = GraphOrderTests.NewBuilder().AddExecutable("tool", "true", ".").WithHttpEndpoint(env: "PORT");

        Assert.Throws<InvalidOperationException>(() => executable.WithHttp2Endpoint());
    }

    [Fact]
    public void No_OTLP_variables_unless_the_AppHost_has_an_endpoint()
    {
        var project = GraphOrderTests.NewBuilder().AddProject("projects", new ProjectMetadata("X", null)).Resource;
        var env = EnvironmentBuilder.Build(project, 0, "id", NoOtlp);
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("OTEL_EXPORTER_OTLP", StringComparison.Ordinal));
    }

    [Fact]
    public void OTLP_endpoint_and_development_batching_are_passed_on_when_configured()
    {
        var project = GraphOrderTests.NewBuilder().AddProject("projects", new ProjectMetadata("X", null)).Resource;
        var env = EnvironmentBuilder.Build(project, 0, "id", NoOtlp with { OtlpEndpoint = "http://127.0.0.1:4318", OtlpProtocol = "http/protobuf" });
        Assert.Equal("http://127.0.0.1:4318", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("1000", env["OTEL_BSP_SCHEDULE_DELAY"]);
    }

    [Fact]
    public void An_executable_gets_its_port_variable_and_no_OTEL_names()
    {
        var executable = GraphOrderTests.NewBuilder().AddExecutable("tool", "true", ".").WithHttpEndpoint(env: "PORT").Resource;
        executable.Ports = [7200];
        var env = EnvironmentBuilder.Build(executable, 0, "id", NoOtlp);
        Assert.Equal("7200", env["PORT"]);
        Assert.DoesNotContain("OTEL_SERVICE_NAME", env.Keys);
        Assert.DoesNotContain("ASPNETCORE_URLS", env.Keys);
    }

    [Fact]
    public void Extra_environment_overrides_what_the_graph_set()
    {
        var project = GraphOrderTests.NewBuilder().AddProject("projects", new ProjectMetadata("X", null))
            .WithEnvironment("Identity__Url", "http://gateway").Resource;
        var env = EnvironmentBuilder.Build(project, 0, "id", NoOtlp with { ExtraEnvironment = new Dictionary<string, string> { ["Identity__Url"] = "http://issuer" } });
        Assert.Equal("http://issuer", env["Identity__Url"]);
    }
}

public sealed class CommandLineTests
{
    [Fact]
    public void Replicas_switch_becomes_configuration() =>
        Assert.Equal(
            ["--Platform:Replicas:projects=2", "--Platform:Replicas:targets=3", "--Dashboard:Port=0"],
            DistributedApplicationBuilder.NormalizeArguments(["--replicas", "projects=2,targets=3", "--Dashboard:Port=0"]));

    [Fact]
    public void Replica_override_applies_at_build()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--replicas=app=3"],
            Output = null,
            ContentRoot = Path.GetTempPath(),
        });
        var app = builder.AddExecutable("app", "true", ".");
        builder.Build();
        Assert.Equal(3, app.Resource.Replicas);
    }

    [Fact]
    public void A_malformed_replicas_switch_is_explained() =>
        Assert.Throws<HostingException>(() => DistributedApplicationBuilder.NormalizeArguments(["--replicas", "projects"]));
}
