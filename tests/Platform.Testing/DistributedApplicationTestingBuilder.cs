using Platform.Hosting;

namespace Platform.Testing;

/// <summary>How a test wants the graph: configuration, environment for every process, a subset, replica counts.</summary>
public sealed class DistributedApplicationTestingOptions
{
    /// <summary>Configuration applied last, e.g. <c>["Platform:Identity:Url"] = issuer.Authority</c>.</summary>
    public Dictionary<string, string?> Configuration { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Environment added to (and overriding in) every project and executable.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Only these resources and what they need (infrastructure, databases, migration steps); null = all.</summary>
    public IReadOnlyCollection<string>? Resources { get; set; }

    /// <summary>Replica count per resource, e.g. <c>["projects"] = 2</c>.</summary>
    public Dictionary<string, int> Replicas { get; } = new(StringComparer.Ordinal);

    /// <summary>Off by default, as in Aspire.Hosting.Testing.</summary>
    public bool EnableDashboard { get; set; }

    /// <summary>Data folder; default a fresh folder under the test process's temp root (deleted at exit).</summary>
    public string? DataDirectory { get; set; }
}

/// <summary>
/// Starts a resource graph from a test (Aspire.Hosting.Testing's role): the same graph the AppHost runs, on free
/// ports, with a temp data folder, torn down on dispose — and at process exit, and by the reaper if the test process
/// is killed.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>The graph <typeparamref name="TGraph"/> declares (e.g. the AppHost's <c>PlatformGraph</c>).</summary>
    public static Task<TestingBuilder> CreateAsync<TGraph>(CancellationToken ct = default)
        where TGraph : IDistributedApplicationGraph =>
        CreateAsync(TGraph.Declare, null, ct);

    public static Task<TestingBuilder> CreateAsync<TGraph>(Action<DistributedApplicationTestingOptions> configure, CancellationToken ct = default)
        where TGraph : IDistributedApplicationGraph =>
        CreateAsync(TGraph.Declare, configure, ct);

    /// <summary>A graph declared by the test itself.</summary>
    public static Task<TestingBuilder> CreateAsync(
        Action<DistributedApplicationBuilder> declare,
        Action<DistributedApplicationTestingOptions>? configure = null,
        CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var options = new DistributedApplicationTestingOptions();
        configure?.Invoke(options);

        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [HostingConfigKeys.DataDirectory] = options.DataDirectory ?? TestServers.NewFolder("apphost"),
            [HostingConfigKeys.DashboardEnabled] = options.EnableDashboard ? "true" : "false",
            [HostingConfigKeys.DashboardPort] = "0",
            [HostingConfigKeys.DurablePostgres] = "false",
            // Fixed ports from appsettings.json would collide between parallel test runs.
            ["Platform:Gateway:Port"] = "0",
        };
        foreach (var (name, count) in options.Replicas)
        {
            configuration[$"{HostingConfigKeys.ReplicasSection}:{name}"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in options.Configuration)
        {
            configuration[key] = value;
        }

        var output = new SynchronizedOutput();
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Output = output,
            ConfigurationOverrides = configuration,
        });
        foreach (var (name, value) in options.Environment)
        {
            builder.EnvironmentForAllProcesses[name] = value;
        }
        declare(builder);
        if (options.Resources is { } subset)
        {
            builder.KeepOnly(subset);
        }
        return Task.FromResult(new TestingBuilder(builder, output));
    }
}

/// <summary>The declared graph before it runs; tests may still change resources through <see cref="Builder"/>.</summary>
public sealed class TestingBuilder
{
    private readonly SynchronizedOutput _output;

    internal TestingBuilder(DistributedApplicationBuilder builder, SynchronizedOutput output)
    {
        Builder = builder;
        _output = output;
    }

    public DistributedApplicationBuilder Builder { get; }

    public IReadOnlyList<Resource> Resources => Builder.Resources;

    public Task<TestingApplication> BuildAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(new TestingApplication(Builder.Build(), _output));
    }
}

/// <summary>What the AppHost printed, kept for assertions and failure messages.</summary>
internal sealed class SynchronizedOutput : StringWriter
{
    private readonly Lock _sync = new();

    public override void Write(char value)
    {
        lock (_sync)
        {
            base.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_sync)
        {
            base.Write(value);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_sync)
        {
            base.WriteLine(value);
        }
    }

    public override string ToString()
    {
        lock (_sync)
        {
            return base.ToString();
        }
    }
}
