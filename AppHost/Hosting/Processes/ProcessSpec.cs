namespace Platform.Hosting.Processes;

/// <summary>What to run: a command line, its environment and, when we are root, the system user to drop to.</summary>
public sealed record ProcessSpec
{
    public required string FileName { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    /// <summary>Added to (or, with a null value, removed from) the environment inherited from this process.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>System user the process runs as when this process is root (PostgreSQL refuses to run as root).</summary>
    public string? RunAsUser { get; init; }

    /// <summary>Signal that asks the process to stop gracefully (PostgreSQL: SIGINT is its "fast" shutdown).</summary>
    public int StopSignal { get; init; } = Native.SigTerm;
}
