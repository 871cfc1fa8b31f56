namespace Platform.Hosting.Orchestration;

/// <summary>Pure rules about states: how replicas sum up to a resource, and whether a dependant may start.</summary>
public static class ResourceState
{
    // The replica that is furthest from "up" decides what the resource shows.
    private static readonly string[] SummaryPriority =
    [
        KnownResourceStates.FailedToStart,
        KnownResourceStates.RuntimeUnhealthy,
        KnownResourceStates.Exited,
        KnownResourceStates.Stopping,
        KnownResourceStates.NotStarted,
        KnownResourceStates.Waiting,
        KnownResourceStates.Starting,
        KnownResourceStates.Running,
        KnownResourceStates.Finished,
    ];

    public static string Summarize(IEnumerable<string> replicaStates)
    {
        var states = replicaStates.ToHashSet();
        return SummaryPriority.FirstOrDefault(states.Contains) ?? KnownResourceStates.NotStarted;
    }

    public static HealthStatus? SummarizeHealth(IReadOnlyList<(string State, HealthStatus? Health)> replicas)
    {
        var running = replicas.Where(r => r.State == KnownResourceStates.Running).ToList();
        if (running.Count == 0)
        {
            return null;
        }
        if (running.Any(r => r.Health is null or HealthStatus.Unhealthy))
        {
            return HealthStatus.Unhealthy;
        }
        return running.Any(r => r.Health == HealthStatus.Degraded) ? HealthStatus.Degraded : HealthStatus.Healthy;
    }

    /// <summary>Outcome of waiting on a dependency in its current state.</summary>
    public enum WaitOutcome
    {
        KeepWaiting,
        Satisfied,
        Failed,
    }

    /// <summary>
    /// Aspire's default <c>StopOnResourceUnavailable</c>: a healthy-wait fails when the dependency failed to start,
    /// exited or finished; a completion-wait needs <c>Finished</c> (exit code 0).
    /// </summary>
    public static WaitOutcome Evaluate(WaitKind kind, ResourceSnapshot dependency)
    {
        if (kind == WaitKind.Completion)
        {
            return dependency.State switch
            {
                KnownResourceStates.Finished => WaitOutcome.Satisfied,
                KnownResourceStates.Exited or KnownResourceStates.FailedToStart or KnownResourceStates.RuntimeUnhealthy => WaitOutcome.Failed,
                _ => WaitOutcome.KeepWaiting,
            };
        }
        if (dependency.IsHealthy)
        {
            return WaitOutcome.Satisfied;
        }
        return dependency.State is KnownResourceStates.FailedToStart or KnownResourceStates.Exited
            or KnownResourceStates.Finished or KnownResourceStates.RuntimeUnhealthy
            ? WaitOutcome.Failed
            : WaitOutcome.KeepWaiting;
    }

    /// <summary>Delay before the next health probe, Aspire's numbers: 30 s while healthy, 1..5 s after failures.</summary>
    public static TimeSpan NextProbeDelay(bool lastProbeHealthy, int consecutiveFailures, bool everHealthy)
    {
        if (lastProbeHealthy)
        {
            return TimeSpan.FromSeconds(30);
        }
        // Until the first success we probe quickly: the start of every dependant waits on it.
        return everHealthy ? TimeSpan.FromSeconds(Math.Clamp(consecutiveFailures, 1, 5)) : TimeSpan.FromMilliseconds(200);
    }

    /// <summary>Back-off before restarting a crashed process: 1, 2, 4 … s, at most 30 s.</summary>
    public static TimeSpan RestartDelay(int attempt) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Max(0, attempt - 1))));
}
