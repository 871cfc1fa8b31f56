using System.Collections.Concurrent;
using Platform.Hosting;
using Platform.Hosting.Logging;

namespace Platform.Testing;

/// <summary>A graph started by a test: wait for resources, talk to them, command them, read their logs; disposing stops everything.</summary>
public sealed class TestingApplication : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<TestingApplication, byte> Live = new();
    private static int _exitHookInstalled;

    private readonly SynchronizedOutput _output;
    private readonly List<HttpClient> _clients = [];

    internal TestingApplication(DistributedApplication application, SynchronizedOutput output)
    {
        Application = application;
        _output = output;
        if (Interlocked.Exchange(ref _exitHookInstalled, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAllAtExit();
        }
    }

    public DistributedApplication Application { get; }

    /// <summary>Everything the AppHost reported (readiness, errors with the last log lines).</summary>
    public string Output => _output.ToString();

    public ResourceNotificationService ResourceNotifications => Application.ResourceNotifications;

    public ResourceCommandService ResourceCommands => Application.ResourceCommands;

    public async Task StartAsync(CancellationToken ct = default)
    {
        Live[this] = 0;
        await Application.StartAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Waits until every replica of <paramref name="name"/> is running and healthy; throws with its last log lines if it fails instead.</summary>
    public Task<ResourceSnapshot> WaitForResourceHealthyAsync(string name, CancellationToken ct = default) =>
        ResourceNotifications.WaitForResourceHealthyAsync(name, ct);

    public Task<ResourceSnapshot> WaitForResourceAsync(string name, string state, CancellationToken ct = default) =>
        ResourceNotifications.WaitForResourceAsync(name, state, ct);

    /// <summary>An HttpClient whose base address is the resource's HTTP endpoint (a given replica's; default replica 0).</summary>
    public HttpClient CreateHttpClient(string name, string? endpointName = null, int replica = 0)
    {
        if (endpointName is not (null or "http"))
        {
            throw new ArgumentException($"Resources have one endpoint, 'http'; '{endpointName}' does not exist.", nameof(endpointName));
        }
        // No proxy: a proxy from the environment must never see loopback test traffic.
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = GetEndpoint(name, replica) };
        lock (_clients)
        {
            _clients.Add(client);
        }
        return client;
    }

    public Uri GetEndpoint(string name, int replica = 0) => Application.GetEndpoint(name, replica);

    public Task<string?> GetConnectionStringAsync(string name, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(Application.GetConnectionString(name));
    }

    /// <summary>A parameter's value once started, e.g. a generated secret such as <c>demo-password</c> (Aspire: <c>ParameterResource.GetValueAsync</c>).</summary>
    public string GetParameterValue(string name) =>
        (Application.Parameters.SingleOrDefault(p => p.Name == name) ?? throw new ArgumentException($"No parameter named '{name}'.", nameof(name))).Value;

    public Task StopResourceAsync(string name, int? replica = null) => ResourceCommands.StopAsync(name, replica);

    public Task StartResourceAsync(string name, int? replica = null) => ResourceCommands.StartAsync(name, replica);

    public Task RestartResourceAsync(string name, int? replica = null) => ResourceCommands.RestartAsync(name, replica);

    /// <summary>SIGKILLs a replica's process group, as a crash would; the AppHost restarts it with back-off.</summary>
    public void KillReplica(string name, int replica = 0) => ResourceCommands.Kill(name, replica);

    /// <summary>The resource's captured console lines (stdout and stderr, all replicas), oldest first.</summary>
    public IReadOnlyList<string> GetLogs(string name) => Application.GetLogs(name).Read().Select(l => l.Text).ToList();

    public LogBuffer GetLogBuffer(string name) => Application.GetLogs(name);

    public async ValueTask DisposeAsync()
    {
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
            _clients.Clear();
        }
        await Application.DisposeAsync().ConfigureAwait(false);
        Live.TryRemove(this, out _);
    }

    private static void StopAllAtExit()
    {
        var stops = Live.Keys.Select(app => Task.Run(() => app.Application.StopAsync())).ToArray();
        Task.WaitAll(stops, TimeSpan.FromSeconds(12));
    }
}
