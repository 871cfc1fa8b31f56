using Microsoft.Extensions.Configuration;
using Platform.Hosting.Orchestration;

namespace Platform.Hosting;

/// <summary>Options fixed when the builder is created.</summary>
public sealed class DistributedApplicationOptions
{
    public string[] Args { get; init; } = [];

    /// <summary>Folder with appsettings.json; default the application's base directory.</summary>
    public string? ContentRoot { get; init; }

    /// <summary>Where the AppHost reports (dashboard line, readiness, errors); null = silent.</summary>
    public TextWriter? Output { get; init; } = Console.Out;

    /// <summary>In-memory configuration applied last (the test harness's overrides).</summary>
    public IReadOnlyDictionary<string, string?>? ConfigurationOverrides { get; init; }
}

/// <summary>Declares the resource graph (Aspire's <c>IDistributedApplicationBuilder</c>, the parts we use).</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Options = options;
        Configuration = new ConfigurationManager();
        Configuration.SetBasePath(options.ContentRoot ?? AppContext.BaseDirectory);
        Configuration.AddJsonFile("appsettings.json", optional: true);
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(NormalizeArguments(options.Args));
        if (options.ConfigurationOverrides is { } overrides)
        {
            Configuration.AddInMemoryCollection(overrides);
        }
    }

    public ConfigurationManager Configuration { get; }

    public DistributedApplicationOptions Options { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>Added to the environment of every project and executable, overriding what the graph set (tests use it).</summary>
    public Dictionary<string, string> EnvironmentForAllProcesses { get; } = new(StringComparer.Ordinal);

    public ResourceBuilder<T> Add<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => r.Name == resource.Name))
        {
            throw new ArgumentException($"A resource named '{resource.Name}' already exists.", nameof(resource));
        }
        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    /// <summary>PostgreSQL: embedded, or external when <c>ConnectionStrings:&lt;name&gt;</c> is set.</summary>
    public ResourceBuilder<PostgresServerResource> AddPostgres(string name) => Add(new PostgresServerResource(name));

    /// <summary>Redis: embedded, or external when <c>ConnectionStrings:&lt;name&gt;</c> is set.</summary>
    public ResourceBuilder<RedisResource> AddRedis(string name) => Add(new RedisResource(name));

    /// <summary>A .NET project run as <c>dotnet &lt;dll&gt;</c>, with an HTTP endpoint on a port chosen at start.</summary>
    public ResourceBuilder<ProjectResource> AddProject(string name, ProjectMetadata project)
    {
        var builder = Add(new ProjectResource(name, project));
        builder.Resource.HasHttpEndpoint = true;
        return builder;
    }

    public ResourceBuilder<ExecutableResource> AddExecutable(string name, string command, string workingDirectory, params string[] args) =>
        Add(new ExecutableResource(name, command, workingDirectory)).WithArgs(args);

    /// <summary>
    /// Keeps only the named resources and what they need (see <see cref="GraphOrder.Closure"/>); waits and references
    /// to removed resources are dropped.
    /// </summary>
    public void KeepOnly(IEnumerable<string> names)
    {
        var keep = GraphOrder.Closure(_resources, names);
        _resources.RemoveAll(r => !keep.Contains(r));
        foreach (var resource in _resources)
        {
            resource.Dependencies.RemoveAll(d => !keep.Contains(d.Target));
            resource.References.RemoveAll(r => !keep.Contains(r));
        }
        foreach (var server in _resources.OfType<PostgresServerResource>())
        {
            server.Databases.RemoveAll(d => !keep.Contains(d));
        }
    }

    public DistributedApplication Build()
    {
        foreach (var resource in _resources)
        {
            if (Configuration.GetValue<int?>($"{HostingConfigKeys.ReplicasSection}:{resource.Name}") is { } replicas)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1, $"{HostingConfigKeys.ReplicasSection}:{resource.Name}");
                resource.Replicas = replicas;
            }
            var external = Configuration.GetConnectionString(resource.Name);
            switch (resource)
            {
                case PostgresServerResource postgres when !string.IsNullOrWhiteSpace(external):
                    postgres.ExternalConnectionString = external;
                    break;
                case RedisResource redis when !string.IsNullOrWhiteSpace(external):
                    redis.ExternalConnectionString = external;
                    break;
            }
        }
        GraphOrder.Levels(_resources);
        return new DistributedApplication(this);
    }

    /// <summary>
    /// Turns the friendly switches into configuration keys: <c>--replicas projects=2</c> →
    /// <c>Platform:Replicas:projects=2</c>, <c>--data-dir X</c> → <c>PLATFORM_DATA_DIR=X</c>.
    /// </summary>
    public static string[] NormalizeArguments(IReadOnlyList<string> args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? value = null;
            string? name = null;
            foreach (var option in new[] { "--replicas", "--data-dir" })
            {
                if (arg == option && i + 1 < args.Count)
                {
                    (name, value) = (option, args[++i]);
                }
                else if (arg.StartsWith(option + "=", StringComparison.Ordinal))
                {
                    (name, value) = (option, arg[(option.Length + 1)..]);
                }
            }
            switch (name)
            {
                case "--replicas":
                    foreach (var pair in value!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var parts = pair.Split('=', 2);
                        if (parts.Length != 2 || !int.TryParse(parts[1], out _))
                        {
                            throw new HostingException($"无法理解 --replicas {value}：格式为 --replicas projects=2,targets=3");
                        }
                        result.Add($"--{HostingConfigKeys.ReplicasSection}:{parts[0]}={parts[1]}");
                    }
                    break;
                case "--data-dir":
                    result.Add($"--{HostingConfigKeys.DataDirectory}={value}");
                    break;
                default:
                    result.Add(arg);
                    break;
            }
        }
        return [.. result];
    }
}
