using System.Text.RegularExpressions;

namespace Platform.Hosting;

/// <summary>How a dependant waits for a dependency: until it is healthy, or until it has run to completion (exit 0).</summary>
public enum WaitKind
{
    Healthy,
    Completion,
}

public sealed record Dependency(Resource Target, WaitKind Kind);

/// <summary>A resource that hands out a connection string (a server, a database, a cache).</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    /// <summary>The connection string once the resource's address is known (after ports are allocated).</summary>
    string? GetConnectionString();
}

/// <summary>One node of the graph: its declaration (what <c>Add*</c> and <c>With*</c> said) and its allocated ports.</summary>
public abstract partial class Resource
{
    protected Resource(string name)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"Resource name '{name}' must start with a letter and use only a-z, 0-9 and '-'.", nameof(name));
        }
        Name = name;
    }

    public string Name { get; }

    /// <summary>Shown in the dashboard: Project, Executable, Postgres, PostgresDatabase, Redis.</summary>
    public abstract string Kind { get; }

    public List<Dependency> Dependencies { get; } = [];

    /// <summary>Resources whose connection string or endpoints are injected into this one's environment.</summary>
    public List<Resource> References { get; } = [];

    /// <summary>Extra environment, resolved when a replica starts (values may depend on allocated ports).</summary>
    public List<KeyValuePair<string, Func<string?>>> EnvironmentValues { get; } = [];

    public List<string> Args { get; } = [];

    public int Replicas { get; set; } = 1;

    /// <summary>HTTP path probed for health (<c>WithHttpHealthCheck</c>); null = healthy once running.</summary>
    public string? HealthCheckPath { get; set; }

    public bool ExternalHttpEndpoints { get; set; }

    /// <summary>Whether the resource serves HTTP on an endpoint the AppHost allocates.</summary>
    public bool HasHttpEndpoint { get; set; }

    /// <summary>Port for replica 0 (other replicas get free ports); null = a free port chosen at start.</summary>
    public int? FixedPort { get; set; }

    /// <summary>For executables: the variable that tells it its port (Aspire's <c>WithHttpEndpoint(env: "PORT")</c>).</summary>
    public string? PortEnvironmentVariable { get; set; }

    /// <summary>Parent resource (a database's server); waiting for a child also waits for its parent.</summary>
    public virtual Resource? Parent => null;

    /// <summary>Whether the resource is a process the AppHost runs (false: an external server, a database).</summary>
    public abstract bool HasProcess { get; }

    /// <summary>Allocated HTTP ports, one per replica (empty before start or without an endpoint).</summary>
    public IReadOnlyList<int> Ports { get; internal set; } = [];

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c> of each replica.</summary>
    public IReadOnlyList<string> HttpUrls => Ports.Select(p => $"http://127.0.0.1:{p}").ToList();

    /// <summary>The name of the second endpoint <c>WithHttp2Endpoint</c> adds, as service discovery sees it
    /// (<c>services__&lt;name&gt;__h2c__&lt;i&gt;</c>, resolved from <c>http://_h2c.&lt;name&gt;</c>).</summary>
    public const string Http2EndpointName = "h2c";

    /// <summary>Whether the project also serves HTTP/2 without TLS (prior knowledge) on an endpoint of its own.</summary>
    public bool HasHttp2Endpoint { get; set; }

    /// <summary>Allocated h2c ports, one per replica (empty before start or without that endpoint).</summary>
    public IReadOnlyList<int> Http2Ports { get; internal set; } = [];

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c> of each replica's h2c endpoint.</summary>
    public IReadOnlyList<string> Http2Urls => Http2Ports.Select(p => $"http://127.0.0.1:{p}").ToList();

    public override string ToString() => Name;

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex NamePattern();
}
