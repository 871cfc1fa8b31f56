namespace Platform.Gateway.Forwarding;

public enum DestinationHealth
{
    /// <summary>Not probed yet (or probing is off): eligible, like YARP's "unknown".</summary>
    Unknown,
    Healthy,
    Unhealthy,
}

/// <summary>One replica behind a cluster, with the health the prober and the forwarder observe.</summary>
public sealed class DestinationState
{
    private int _health;
    private int _consecutiveFailures;
    private long _suspectUntil;
    private int _concurrentRequests;

    public DestinationState(string id, string address, string? healthAddress)
    {
        Id = id;
        Address = address.TrimEnd('/');
        HealthAddress = healthAddress?.TrimEnd('/');
    }

    public string Id { get; }

    /// <summary>Scheme, authority and optional base path, without a trailing slash.</summary>
    public string Address { get; }

    public string? HealthAddress { get; }

    public DestinationHealth Health => (DestinationHealth)Volatile.Read(ref _health);

    /// <summary>A connection to it failed recently; the balancer prefers others until it reactivates or
    /// a probe succeeds (YARP's passive-health "reactivation period", simplified).</summary>
    public bool IsSuspect => Environment.TickCount64 < Volatile.Read(ref _suspectUntil);

    public int ConcurrentRequests => Volatile.Read(ref _concurrentRequests);

    internal void RequestStarted() => Interlocked.Increment(ref _concurrentRequests);

    internal void RequestEnded() => Interlocked.Decrement(ref _concurrentRequests);

    internal void MarkSuspect(TimeSpan period) =>
        Volatile.Write(ref _suspectUntil, Environment.TickCount64 + (long)period.TotalMilliseconds);

    /// <summary>Records a probe result; returns the new health when it changed, else null.</summary>
    internal DestinationHealth? ReportProbe(bool success, int threshold)
    {
        var before = Health;
        if (success)
        {
            Volatile.Write(ref _consecutiveFailures, 0);
            Volatile.Write(ref _suspectUntil, 0);
            Volatile.Write(ref _health, (int)DestinationHealth.Healthy);
        }
        else if (Interlocked.Increment(ref _consecutiveFailures) >= threshold)
        {
            Volatile.Write(ref _health, (int)DestinationHealth.Unhealthy);
        }

        var after = Health;
        return after != before ? after : null;
    }

    /// <summary>Probing was switched off: nothing is known about it any more.</summary>
    internal void ResetHealth()
    {
        Volatile.Write(ref _consecutiveFailures, 0);
        Volatile.Write(ref _health, (int)DestinationHealth.Unknown);
    }
}
