namespace Platform.Gateway.Forwarding;

public enum LoadBalancingPolicy
{
    RoundRobin,
    PowerOfTwoChoices,
}

/// <param name="PanicWhenNoneHealthy">YARP's <c>HealthyOrPanic</c>: with every destination unhealthy, use
/// them all anyway. Off by default here (<c>HealthyAndUnknown</c>): a request then gets a clear 503
/// at once instead of waiting on replicas the prober already knows are down.</param>
/// <param name="Version">The HTTP version requests to the destinations ask for, with <paramref name="VersionPolicy"/>
/// (YARP's defaults: 2.0 or lower, which is HTTP/1.1 over plain http; 2.0 exact is h2c).</param>
public sealed record ClusterSettings(
    LoadBalancingPolicy LoadBalancing,
    bool PanicWhenNoneHealthy,
    ActiveHealthSettings? ActiveHealth,
    TimeSpan ActivityTimeout,
    Version Version,
    HttpVersionPolicy VersionPolicy)
{
    public static readonly Version DefaultVersion = System.Net.HttpVersion.Version20;

    /// <summary>A request to a destination of this cluster, with the cluster's HTTP version.</summary>
    public HttpRequestMessage CreateRequest(HttpMethod method, Uri target) =>
        new(method, target) { Version = Version, VersionPolicy = VersionPolicy };
}

public sealed record ActiveHealthSettings(TimeSpan Interval, TimeSpan Timeout, string Path, int Threshold);

/// <summary>A cluster's destinations and the choice of one per request.</summary>
public sealed class ClusterState(string clusterId, ClusterSettings settings, IReadOnlyList<DestinationState> destinations)
{
    private const int StackLimit = 64;
    private int _next = -1;

    public string ClusterId { get; } = clusterId;

    public ClusterSettings Settings { get; } = settings;

    public IReadOnlyList<DestinationState> Destinations { get; } = destinations;

    /// <summary>How long a destination that refused a connection is avoided when others are available.</summary>
    public TimeSpan SuspectPeriod => Settings.ActiveHealth?.Interval ?? TimeSpan.FromSeconds(5);

    /// <summary>
    /// Picks a destination among the eligible ones, or null when none is (→ 503). Eligible, in order of
    /// preference: not unhealthy and not suspect; not unhealthy; with the panic policy, any.
    /// <paramref name="exclude"/> is the destination a retry must avoid.
    /// </summary>
    public DestinationState? PickDestination(DestinationState? exclude = null)
    {
        var all = Destinations;
        if (all.Count == 0)
        {
            return null;
        }

        Span<int> eligible = all.Count <= StackLimit ? stackalloc int[all.Count] : new int[all.Count];
        var count = Collect(all, exclude, eligible, allowSuspect: false, allowUnhealthy: false);
        if (count == 0)
        {
            count = Collect(all, exclude, eligible, allowSuspect: true, allowUnhealthy: false);
        }

        if (count == 0 && Settings.PanicWhenNoneHealthy)
        {
            count = Collect(all, exclude, eligible, allowSuspect: true, allowUnhealthy: true);
        }

        if (count == 0)
        {
            return null;
        }

        if (count == 1)
        {
            return all[eligible[0]];
        }

        if (Settings.LoadBalancing == LoadBalancingPolicy.PowerOfTwoChoices)
        {
            var first = Random.Shared.Next(count);
            var second = Random.Shared.Next(count - 1);
            if (second >= first)
            {
                second++;
            }

            var a = all[eligible[first]];
            var b = all[eligible[second]];
            return a.ConcurrentRequests <= b.ConcurrentRequests ? a : b;
        }

        var turn = (uint)Interlocked.Increment(ref _next);
        return all[eligible[(int)(turn % (uint)count)]];
    }

    private static int Collect(
        IReadOnlyList<DestinationState> all, DestinationState? exclude, Span<int> into, bool allowSuspect, bool allowUnhealthy)
    {
        var count = 0;
        for (var i = 0; i < all.Count; i++)
        {
            var destination = all[i];
            if (ReferenceEquals(destination, exclude)
                || (!allowUnhealthy && destination.Health == DestinationHealth.Unhealthy)
                || (!allowSuspect && destination.IsSuspect))
            {
                continue;
            }

            into[count++] = i;
        }

        return count;
    }
}
