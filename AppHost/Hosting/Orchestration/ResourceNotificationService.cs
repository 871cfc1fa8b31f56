namespace Platform.Hosting;

/// <summary>Thrown when a resource that is being waited for can no longer become what the caller waits for.</summary>
public sealed class DistributedApplicationException(string message) : HostingException(message);

/// <summary>Current state of every resource, and waiting for states (Aspire's <c>ResourceNotificationService</c>).</summary>
public sealed class ResourceNotificationService
{
    private readonly Func<IReadOnlyList<ResourceSnapshot>> _snapshot;
    private readonly Func<string, ResourceSnapshot?> _snapshotOf;
    private readonly Func<string, IReadOnlyList<string>> _tail;
    private readonly Lock _sync = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ResourceNotificationService(
        Func<IReadOnlyList<ResourceSnapshot>> snapshot,
        Func<string, ResourceSnapshot?> snapshotOf,
        Func<string, IReadOnlyList<string>> tail)
    {
        _snapshot = snapshot;
        _snapshotOf = snapshotOf;
        _tail = tail;
    }

    public IReadOnlyList<ResourceSnapshot> GetSnapshots() => _snapshot();

    public ResourceSnapshot GetSnapshot(string name) =>
        _snapshotOf(name) ?? throw new ArgumentException($"No resource named '{name}'.", nameof(name));

    /// <summary>Completes at the next change of any resource.</summary>
    public Task WaitForChangeAsync(CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            return _changed.Task.WaitAsync(cancellationToken);
        }
    }

    public Task<ResourceSnapshot> WaitForResourceAsync(string name, string targetState, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(name, s => s.State == targetState, cancellationToken);

    public async Task<ResourceSnapshot> WaitForResourceAsync(string name, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var changed = WaitForChangeAsync(cancellationToken);
            var snapshot = GetSnapshot(name);
            if (predicate(snapshot))
            {
                return snapshot;
            }
            await changed.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until every replica is running and healthy; throws <see cref="DistributedApplicationException"/> with the
    /// reason and the last log lines when the resource fails, exits or finishes instead.
    /// </summary>
    public async Task<ResourceSnapshot> WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default)
    {
        var snapshot = await WaitForResourceAsync(
            name,
            s => s.IsHealthy || KnownResourceStates.IsTerminal(s.State),
            cancellationToken).ConfigureAwait(false);
        if (snapshot.IsHealthy)
        {
            return snapshot;
        }
        var reason = snapshot.Reason ?? snapshot.Replicas.Select(r => r.Reason).FirstOrDefault(r => r is not null);
        var exitCode = snapshot.Replicas.Select(r => r.ExitCode).FirstOrDefault(c => c is not null);
        var tail = string.Join(Environment.NewLine, _tail(name));
        throw new DistributedApplicationException(
            $"资源 {name} 未能就绪：状态 {snapshot.State}{(exitCode is null ? "" : $"，退出码 {exitCode}")}{(reason is null ? "" : $"，{reason}")}"
            + (tail.Length == 0 ? "" : Environment.NewLine + tail));
    }

    internal void NotifyChanged()
    {
        TaskCompletionSource changed;
        lock (_sync)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }
}
