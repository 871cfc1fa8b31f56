namespace Platform.Hosting;

/// <summary>One replica of a resource as it is now (what the dashboard and <c>GET /api/resources</c> show).</summary>
public sealed record ReplicaSnapshot(
    int Index,
    string InstanceId,
    string State,
    HealthStatus? Health,
    int? Pid,
    DateTimeOffset? StartedAt,
    int? ExitCode,
    int Restarts,
    string? Url,
    string? Reason,
    IReadOnlyDictionary<string, string> Environment);

/// <summary>A resource as it is now; <see cref="State"/> and <see cref="Health"/> summarise its replicas.</summary>
public sealed record ResourceSnapshot(
    string Name,
    string Kind,
    string State,
    HealthStatus? Health,
    string? Reason,
    bool IsExternal,
    bool IsJob,
    bool ExternalHttpEndpoints,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<ReplicaSnapshot> Replicas)
{
    /// <summary>Ready for a <c>WaitFor</c>: every replica running and healthy.</summary>
    public bool IsHealthy => Health == HealthStatus.Healthy && Replicas.All(r => r.State == KnownResourceStates.Running);
}
