namespace Platform.Gateway.Forwarding;

/// <summary>
/// YARP's active health check with the <c>ConsecutiveFailures</c> policy: every <c>Interval</c> each
/// destination gets <c>GET {Health ?? Address}{Path}</c>; a 2xx within <c>Timeout</c> makes it healthy
/// (at once), <c>Threshold</c> failures in a row take it out of the rotation.
/// </summary>
internal sealed class ActiveHealthProber(ProxyConfigManager manager, ILogger<ActiveHealthProber> logger) : BackgroundService
{
    private readonly HttpMessageInvoker _invoker = new(HttpForwarder.CreateHandler(TimeSpan.FromSeconds(5)), disposeHandler: true);
    private readonly Dictionary<ClusterState, CancellationTokenSource> _loops = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();
    private CancellationToken _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        manager.Changed += Sync;
        Sync(manager.Current);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            manager.Changed -= Sync;
            lock (_gate)
            {
                foreach (var loop in _loops.Values)
                {
                    loop.Cancel();
                }

                _loops.Clear();
            }
        }
    }

    private void Sync(ProxySnapshot snapshot)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            var wanted = new HashSet<ClusterState>(
                snapshot.Clusters.Values.Where(c => c.Settings.ActiveHealth is not null), ReferenceEqualityComparer.Instance);
            foreach (var (cluster, loop) in _loops.Where(pair => !wanted.Contains(pair.Key)).ToList())
            {
                loop.Cancel();
                _loops.Remove(cluster);
            }

            foreach (var cluster in wanted)
            {
                if (!_loops.ContainsKey(cluster))
                {
                    var loop = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
                    _loops[cluster] = loop;
                    _ = Task.Run(() => ProbeLoopAsync(cluster, loop.Token), CancellationToken.None);
                }
            }
        }
    }

    private async Task ProbeLoopAsync(ClusterState cluster, CancellationToken cancellation)
    {
        var settings = cluster.Settings.ActiveHealth!;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                await Task.WhenAll(cluster.Destinations.Select(d => ProbeAsync(cluster, d, settings, cancellation)));
                await Task.Delay(settings.Interval, cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    private async Task ProbeAsync(ClusterState cluster, DestinationState destination, ActiveHealthSettings settings, CancellationToken cancellation)
    {
        bool healthy;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
        {
            timeout.CancelAfter(settings.Timeout);
            try
            {
                // With the cluster's HTTP version: a destination that speaks only h2c must be probed in it.
                using var request = cluster.Settings.CreateRequest(
                    HttpMethod.Get, new Uri((destination.HealthAddress ?? destination.Address) + settings.Path));
                using var response = await _invoker.SendAsync(request, timeout.Token);
                healthy = response.IsSuccessStatusCode;

                // Reading the (small) body to its end lets the connection be reused for the next probe.
                await response.Content.CopyToAsync(Stream.Null, timeout.Token);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                healthy = false;
            }
        }

        if (destination.ReportProbe(healthy, settings.Threshold) is { } changed)
        {
            GatewayLog.DestinationHealthChanged(logger, cluster.ClusterId, destination.Id, destination.Address, changed);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _invoker.Dispose();
    }
}
