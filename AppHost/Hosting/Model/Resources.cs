using Platform.Hosting.Infrastructure;

namespace Platform.Hosting;

/// <summary>A .NET project run as <c>dotnet &lt;dll&gt;</c> from its output folder.</summary>
public sealed class ProjectResource(string name, ProjectMetadata project) : Resource(name)
{
    public ProjectMetadata Project { get; } = project;

    public override string Kind => "Project";

    public override bool HasProcess => true;
}

/// <summary>Any program: a command line run in a working directory.</summary>
public sealed class ExecutableResource(string name, string command, string workingDirectory) : Resource(name)
{
    public string Command { get; } = command;

    public string WorkingDirectory { get; } = workingDirectory;

    public override string Kind => "Executable";

    public override bool HasProcess => true;
}

/// <summary>
/// A PostgreSQL server: the embedded one (initdb'd data folder, run as the postgres user) or, when
/// <c>ConnectionStrings:&lt;name&gt;</c> is configured, an external one that is only checked and given databases.
/// </summary>
public sealed class PostgresServerResource(string name) : Resource(name), IResourceWithConnectionString
{
    public override string Kind => "Postgres";

    public List<PostgresDatabaseResource> Databases { get; } = [];

    /// <summary>Set for an external server: nothing is started.</summary>
    public string? ExternalConnectionString { get; internal set; }

    public string Password { get; internal set; } = "";

    /// <summary>PostgreSQL's data folder (PGDATA) of the embedded server.</summary>
    public string? DataDirectory { get; internal set; }

    public int Port { get; internal set; }

    public override bool HasProcess => ExternalConnectionString is null;

    public string? GetConnectionString() =>
        ExternalConnectionString ?? (Port == 0 ? null : EmbeddedPostgres.BuildConnectionString(Port, Password));
}

/// <summary>A database on a PostgreSQL server, created (idempotently) once the server is healthy.</summary>
public sealed class PostgresDatabaseResource(string name, PostgresServerResource server, string databaseName) : Resource(name), IResourceWithConnectionString
{
    public PostgresServerResource Server { get; } = server;

    public string DatabaseName { get; } = databaseName;

    public override string Kind => "PostgresDatabase";

    public override Resource? Parent => Server;

    public override bool HasProcess => false;

    public string? GetConnectionString() =>
        Server.GetConnectionString() is { } server ? EmbeddedPostgres.WithDatabase(server, DatabaseName) : null;
}

/// <summary>A Redis server: embedded <c>redis-server</c> with an append-only file, or external via <c>ConnectionStrings:&lt;name&gt;</c>.</summary>
public sealed class RedisResource(string name) : Resource(name), IResourceWithConnectionString
{
    public override string Kind => "Redis";

    public string? ExternalConnectionString { get; internal set; }

    public string Password { get; internal set; } = "";

    public string? DataDirectory { get; internal set; }

    public int Port { get; internal set; }

    public override bool HasProcess => ExternalConnectionString is null;

    public string? GetConnectionString() =>
        ExternalConnectionString ?? (Port == 0 ? null : EmbeddedRedis.BuildConnectionString(Port, Password));
}
