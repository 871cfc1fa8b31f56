namespace Platform.Hosting;

public interface IResourceBuilder
{
    Resource Resource { get; }
}

/// <summary>Fluent declaration of one resource, in Aspire's vocabulary.</summary>
public sealed class ResourceBuilder<T>(T resource, DistributedApplicationBuilder application) : IResourceBuilder
    where T : Resource
{
    public T Resource { get; } = resource;

    Resource IResourceBuilder.Resource => Resource;

    public DistributedApplicationBuilder ApplicationBuilder { get; } = application;

    /// <summary>
    /// Injects the other resource's connection string (<c>ConnectionStrings__&lt;name&gt;</c>) or endpoints
    /// (<c>services__&lt;name&gt;__http__&lt;i&gt;</c> and <c>&lt;NAME&gt;_HTTP</c>). Does not order the start: add <see cref="WaitFor"/>.
    /// </summary>
    public ResourceBuilder<T> WithReference(IResourceBuilder other)
    {
        if (other.Resource is not IResourceWithConnectionString && !other.Resource.HasHttpEndpoint)
        {
            throw new ArgumentException($"'{other.Resource.Name}' has neither a connection string nor an HTTP endpoint to reference.", nameof(other));
        }
        if (!Resource.References.Contains(other.Resource))
        {
            Resource.References.Add(other.Resource);
        }
        return this;
    }

    /// <summary>Starts this resource only once <paramref name="other"/> is healthy; fails it if <paramref name="other"/> fails.</summary>
    public ResourceBuilder<T> WaitFor(IResourceBuilder other) => AddDependency(other.Resource, WaitKind.Healthy);

    /// <summary>Starts this resource only once <paramref name="other"/> has exited with code 0 (a migration step).</summary>
    public ResourceBuilder<T> WaitForCompletion(IResourceBuilder other) => AddDependency(other.Resource, WaitKind.Completion);

    /// <summary>Runs <paramref name="replicas"/> processes, each on its own port, all listed in the referencing resources' service discovery.</summary>
    public ResourceBuilder<T> WithReplicas(int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        if (!Resource.HasProcess)
        {
            throw new InvalidOperationException($"'{Resource.Name}' is not a process and cannot have replicas.");
        }
        Resource.Replicas = replicas;
        return this;
    }

    public ResourceBuilder<T> WithEnvironment(string name, string? value) => WithEnvironment(name, () => value);

    /// <summary>Environment whose value is computed when a replica starts (e.g. another resource's allocated URL).</summary>
    public ResourceBuilder<T> WithEnvironment(string name, Func<string?> value)
    {
        Resource.EnvironmentValues.RemoveAll(e => e.Key == name);
        Resource.EnvironmentValues.Add(new(name, value));
        return this;
    }

    /// <summary>The parameter's value, known when the application starts; a secret one is masked wherever it is shown.</summary>
    public ResourceBuilder<T> WithEnvironment(string name, ParameterResource parameter) => WithEnvironment(name, () => parameter.Value);

    public ResourceBuilder<T> WithArgs(params string[] args)
    {
        Resource.Args.AddRange(args);
        return this;
    }

    /// <summary>Probes <c>GET &lt;endpoint&gt;&lt;path&gt;</c>; the resource is healthy on 200.</summary>
    public ResourceBuilder<T> WithHttpHealthCheck(string path = "/health")
    {
        RequireEndpoint();
        Resource.HealthCheckPath = path.StartsWith('/') ? path : "/" + path;
        return this;
    }

    /// <summary>Marks the HTTP endpoint as the one people use (printed at start, linked in the dashboard).</summary>
    public ResourceBuilder<T> WithExternalHttpEndpoints()
    {
        RequireEndpoint();
        Resource.ExternalHttpEndpoints = true;
        return this;
    }

    /// <summary>
    /// Gives an executable an HTTP endpoint (projects always have one): <paramref name="port"/> fixes replica 0's
    /// port (null or 0 = free), <paramref name="env"/> names the variable that tells the process its port.
    /// </summary>
    public ResourceBuilder<T> WithHttpEndpoint(int? port = null, string? env = null)
    {
        if (!Resource.HasProcess)
        {
            throw new InvalidOperationException($"'{Resource.Name}' is not a process and cannot have an endpoint.");
        }
        Resource.HasHttpEndpoint = true;
        Resource.FixedPort = port is null or 0 ? null : port;
        Resource.PortEnvironmentVariable = env ?? Resource.PortEnvironmentVariable;
        return this;
    }

    /// <summary>
    /// A second endpoint speaking only HTTP/2 over plain http (h2c), as Aspire's <c>WithEndpoint("h2c", ...)</c> with
    /// the http2 transport: Kestrel cannot offer HTTP/1.1 and h2c on one cleartext port, and the gateway multiplexes
    /// its requests to a service over a few h2c connections instead of one HTTP/1.1 connection per request in flight.
    /// The first endpoint stays HTTP/1.1 for everything else (health checks, typed clients, tools).
    /// </summary>
    public ResourceBuilder<T> WithHttp2Endpoint()
    {
        if (Resource is not ProjectResource)
        {
            throw new InvalidOperationException($"'{Resource.Name}' is not a project; only projects get an h2c endpoint.");
        }
        Resource.HasHttp2Endpoint = true;
        return this;
    }

    private void RequireEndpoint()
    {
        if (!Resource.HasHttpEndpoint)
        {
            throw new InvalidOperationException($"'{Resource.Name}' has no HTTP endpoint: call WithHttpEndpoint first.");
        }
    }

    private ResourceBuilder<T> AddDependency(Resource target, WaitKind kind)
    {
        if (ReferenceEquals(target, Resource))
        {
            throw new ArgumentException($"'{Resource.Name}' cannot wait for itself.");
        }
        Resource.Dependencies.RemoveAll(d => ReferenceEquals(d.Target, target));
        Resource.Dependencies.Add(new Dependency(target, kind));
        return this;
    }
}

public static class PostgresBuilderExtensions
{
    /// <summary>A database on this server, created once the server is healthy; its connection string has <c>Database=&lt;name&gt;</c>.</summary>
    public static ResourceBuilder<PostgresDatabaseResource> AddDatabase(this ResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, server.Resource, databaseName ?? name);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.Add(database);
    }
}
