namespace Platform.Hosting;

/// <summary>Resource states, named as Aspire names them so scripts and people read them the same way.</summary>
public static class KnownResourceStates
{
    public const string NotStarted = "NotStarted";
    public const string Waiting = "Waiting";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string RuntimeUnhealthy = "RuntimeUnhealthy";
    public const string Stopping = "Stopping";
    public const string Exited = "Exited";
    public const string Finished = "Finished";
    public const string FailedToStart = "FailedToStart";

    public static readonly IReadOnlyList<string> All =
        [NotStarted, Waiting, Starting, Running, RuntimeUnhealthy, Stopping, Exited, Finished, FailedToStart];

    /// <summary>States after which the resource does nothing more on its own.</summary>
    public static bool IsTerminal(string state) => state is Exited or Finished or FailedToStart;
}

/// <summary>Health of a running resource (null while it is not running), as in Aspire.</summary>
public enum HealthStatus
{
    Unhealthy,
    Degraded,
    Healthy,
}
