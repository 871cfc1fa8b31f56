using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Platform.Hosting.Dashboard;
using Platform.Hosting.Data;
using Platform.Hosting.Logging;
using Platform.Hosting.Orchestration;
using Platform.Hosting.Processes;

namespace Platform.Hosting;

/// <summary>The running resource graph (Aspire's <c>DistributedApplication</c>): start, watch, command and stop it.</summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    /// <summary>Ctrl+C / SIGTERM must leave nothing running after this long.</summary>
    public static readonly TimeSpan ShutdownBudget = TimeSpan.FromSeconds(10);

    private readonly DistributedApplicationBuilder _builder;
    private readonly IReadOnlyList<Resource> _resources;
    private readonly TextWriter? _output;
    private readonly Lock _outputLock = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private Orchestrator? _orchestrator;
    private DataDirectory? _data;
    private DashboardServer? _dashboard;
    private bool _stopped;
    private DateTimeOffset _startedAt;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
        _resources = [.. builder.Resources];
        _output = builder.Options.Output;
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(new DistributedApplicationOptions { Args = args });

    public static DistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new(options);

    public IConfiguration Configuration => _builder.Configuration;

    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>The declared parameters; their values are known once the application has started.</summary>
    public IReadOnlyList<ParameterResource> Parameters => _builder.Parameters;

    public ResourceNotificationService ResourceNotifications => Orchestrator.Notifications;

    public ResourceCommandService ResourceCommands => new(Orchestrator);

    /// <summary>The dashboard, when enabled and started.</summary>
    public DashboardServer? Dashboard => _dashboard;

    /// <summary>The data folder in use (after start).</summary>
    public string? DataDirectoryPath => _data?.Path;

    private Orchestrator Orchestrator => _orchestrator ?? throw new InvalidOperationException("The application has not been started.");

    /// <summary>
    /// Opens the data folder, allocates ports, starts the dashboard and launches every resource (each waits for
    /// its own dependencies). Returns without waiting for health.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_orchestrator is not null)
            {
                return;
            }
            _startedAt = DateTimeOffset.UtcNow;
            _data = DataDirectory.Open(_builder.DataDirectoryPath);
            await PrepareInfrastructureAsync(_data, cancellationToken).ConfigureAwait(false);
            _builder.ResolveParameters(_data.Secrets);
            AllocatePorts();

            var environment = new EnvironmentContext(
                _builder.Configuration[HostingConfigKeys.Environment] is { Length: > 0 } name ? name : "Development",
                _builder.Configuration[HostingConfigKeys.OtlpEndpoint],
                _builder.Configuration[HostingConfigKeys.OtlpProtocol],
                new Dictionary<string, string>(_builder.EnvironmentForAllProcesses));
            _orchestrator = new Orchestrator(_resources, new OrchestratorContext(
                environment,
                _builder.Configuration.GetValue(HostingConfigKeys.DurablePostgres, true),
                KnownSecrets,
                Info,
                Error));

            if (_builder.Configuration.GetValue(HostingConfigKeys.DashboardEnabled, true))
            {
                var port = _builder.Configuration.GetValue(HostingConfigKeys.DashboardPort, 0);
                _dashboard = new DashboardServer(_orchestrator, _orchestrator.SecretValues);
                await _dashboard.StartAsync(port, cancellationToken).ConfigureAwait(false);
                Info($"Dashboard: {_dashboard.LoginUrl}");
                Info($"Dashboard API: Authorization: Bearer {_dashboard.ApiToken}");
            }
            _orchestrator.Start();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops every resource in reverse dependency order within <see cref="ShutdownBudget"/>, then the dashboard.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
            if (_orchestrator is not null)
            {
                await _orchestrator.StopAllAsync(ShutdownBudget - TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            }
            if (_dashboard is not null)
            {
                await _dashboard.DisposeAsync().ConfigureAwait(false);
            }
            _data?.Dispose();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Starts, reports readiness (URLs, time to healthy, memory), runs until Ctrl+C / SIGTERM or
    /// <paramref name="cancellationToken"/>, then stops. Returns the process exit code.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var shutdown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var signals = 0;
        void OnSignal(PosixSignalContext context)
        {
            // The first signal stops gracefully; a second one lets the runtime end us at once (the reaper still cleans up).
            context.Cancel = Interlocked.Increment(ref signals) == 1;
            shutdown.TrySetResult();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        await using var cancelled = cancellationToken.Register(() => shutdown.TrySetResult());

        await StartAsync(cancellationToken).ConfigureAwait(false);
        var readiness = ReportReadinessAsync(shutdown.Task);
        await shutdown.Task.ConfigureAwait(false);
        Info("正在停止所有资源…");
        var stopwatch = Stopwatch.StartNew();
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        await readiness.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Info($"已全部停止，用时 {stopwatch.Elapsed.TotalSeconds:0.0} 秒");
        return 0;
    }

    /// <summary>Waits until every resource is healthy (or finished, for run-to-completion steps); false when one failed.</summary>
    public async Task<bool> WaitForAllReadyAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var changed = ResourceNotifications.WaitForChangeAsync(cancellationToken);
            var snapshots = ResourceNotifications.GetSnapshots();
            if (snapshots.All(IsReady))
            {
                return true;
            }
            // Restarting replicas show Starting, so Exited here is final.
            if (snapshots.Any(s => s.State is KnownResourceStates.FailedToStart or KnownResourceStates.Exited))
            {
                return false;
            }
            await changed.ConfigureAwait(false);
        }

        static bool IsReady(ResourceSnapshot s) => s.IsHealthy || s.State == KnownResourceStates.Finished;
    }

    public string? GetConnectionString(string name) =>
        _resources.FirstOrDefault(r => r.Name == name) is IResourceWithConnectionString withConnectionString
            ? withConnectionString.GetConnectionString()
            : throw new ArgumentException($"Resource '{name}' does not exist or has no connection string.", nameof(name));

    /// <summary>The HTTP endpoint of a replica (allocated at start).</summary>
    public Uri GetEndpoint(string name, int replica = 0)
    {
        var resource = _resources.FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException($"No resource named '{name}'.", nameof(name));
        if (resource.Ports.Count <= replica)
        {
            throw new ArgumentException($"Resource '{name}' has no HTTP endpoint for replica {replica}.", nameof(name));
        }
        return new Uri(resource.HttpUrls[replica]);
    }

    public LogBuffer GetLogs(string name) => Orchestrator.GetLogs(name);

    /// <summary>Resident memory of every running process of the graph and its children (PostgreSQL's backends count too).</summary>
    public long TotalResidentBytes()
    {
        var pids = Orchestrator.Runtimes.SelectMany(r => r.Replicas)
            .Select(r => r.Process)
            .Where(p => p is { HasExited: false })
            .Select(p => p!.Pid);
        return ProcessInfo.TreeResidentBytes(pids).Values.Sum();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _lifecycle.Dispose();
    }

    private async Task ReportReadinessAsync(Task shutdown)
    {
        using var cancellation = new CancellationTokenSource();
        _ = shutdown.ContinueWith(_ => cancellation.Cancel(), TaskScheduler.Default);
        try
        {
            var ready = await WaitForAllReadyAsync(cancellation.Token).ConfigureAwait(false);
            if (!ready)
            {
                Info("部分资源未能启动 (原因见上)：修正后可在仪表板上重新启动它们；按 Ctrl+C 退出");
                return;
            }
            var elapsed = DateTimeOffset.UtcNow - _startedAt;
            foreach (var resource in _resources.Where(r => r.ExternalHttpEndpoints))
            {
                // The resources users reach from outside (for the platform: the gateway, which serves the portal and the API).
                Info($"对外地址 {resource.Name}: {string.Join(" ", resource.HttpUrls)}");
            }
            Info($"全部 {_resources.Count} 个资源已就绪，用时 {elapsed.TotalSeconds:0.0} 秒");
            var self = ProcessInfo.ResidentBytes(Environment.ProcessId);
            Info($"内存合计 (RSS): {TotalResidentBytes() / 1048576.0:0} MB (另有 AppHost 自身 {self / 1048576.0:0} MB)");
            RunReadyCallbacks();
        }
        catch (OperationCanceledException)
        {
            // Shut down before everything was ready.
        }
    }

    private void RunReadyCallbacks()
    {
        foreach (var callback in _builder.ReadyCallbacks)
        {
            try
            {
                callback(Info);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Error($"就绪后的处理失败 ({e.GetType().Name}: {e.Message})", []);
            }
        }
    }

    /// <summary>The data folder's secrets plus secret parameters given by configuration (those never enter secrets.json).</summary>
    private IReadOnlyList<string> KnownSecrets()
    {
        var stored = _data?.Secrets.Values ?? [];
        return [.. stored, .. _builder.Parameters.Where(p => p.Secret && p.HasValue).Select(p => p.Value)];
    }

    private async Task PrepareInfrastructureAsync(DataDirectory data, CancellationToken cancellationToken)
    {
        foreach (var postgres in _resources.OfType<PostgresServerResource>().Where(p => p.ExternalConnectionString is null))
        {
            postgres.Password = ParameterResource.Resolve($"{postgres.Name}-password", _builder.Configuration, data.Secrets, new GenerateParameterDefault());
            var (directory, relocated) = await data.ResolvePostgresDirectoryAsync(cancellationToken).ConfigureAwait(false);
            if (relocated)
            {
                Info($"postgres 用户无法进入 {data.Path}，PostgreSQL 数据放在 {directory}");
            }
            postgres.DataDirectory = directory;
            postgres.Port = PortAllocator.Next();
        }
        foreach (var redis in _resources.OfType<RedisResource>().Where(r => r.ExternalConnectionString is null))
        {
            redis.Password = ParameterResource.Resolve($"{redis.Name}-password", _builder.Configuration, data.Secrets, new GenerateParameterDefault());
            redis.DataDirectory = Path.Combine(data.RedisDirectory, redis.Name);
            redis.Port = PortAllocator.Next();
        }
    }

    private void AllocatePorts()
    {
        foreach (var resource in _resources.Where(r => r.HasHttpEndpoint))
        {
            var ports = new List<int>();
            for (var replica = 0; replica < resource.Replicas; replica++)
            {
                if (replica == 0 && resource.FixedPort is { } fixedPort)
                {
                    if (PortAllocator.IsInUse(fixedPort))
                    {
                        throw new HostingException(
                            $"端口 {fixedPort} ({resource.Name}) 已被占用：请关闭占用它的程序 (ss -ltnp 'sport = :{fixedPort}' 可查看是谁)，或换一个端口");
                    }
                    ports.Add(fixedPort);
                }
                else
                {
                    ports.Add(PortAllocator.Next());
                }
            }
            resource.Ports = ports;
            resource.Http2Ports = resource.HasHttp2Endpoint ? ports.Select(_ => PortAllocator.Next()).ToList() : [];
        }
    }

    private void Info(string message)
    {
        if (_output is null)
        {
            return;
        }
        lock (_outputLock)
        {
            _output.WriteLine(message);
            _output.Flush();
        }
    }

    private void Error(string message, IReadOnlyList<string> lastLines)
    {
        if (_output is null)
        {
            return;
        }
        var secrets = _orchestrator?.SecretValues() ?? KnownSecrets();
        lock (_outputLock)
        {
            _output.WriteLine($"错误: {SecretMasker.MaskText(message, secrets)}");
            if (lastLines.Count > 0)
            {
                _output.WriteLine("  最后的日志:");
                foreach (var line in lastLines)
                {
                    _output.WriteLine($"  | {SecretMasker.MaskText(line, secrets)}");
                }
            }
            _output.Flush();
        }
    }
}
