using System.ComponentModel;
using Platform.Hosting.Infrastructure;
using Platform.Hosting.Logging;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Orchestration;

/// <summary>What the orchestrator needs from the application around it.</summary>
internal sealed record OrchestratorContext(
    EnvironmentContext Environment,
    bool DurablePostgres,
    Func<IReadOnlyList<string>> KnownSecrets,
    Action<string> Info,
    Action<string, IReadOnlyList<string>> Error);

/// <summary>
/// Runs the graph: every resource starts in parallel and waits only for what it declared; processes are supervised
/// (health probes, restart with back-off on crash), and the whole graph stops in reverse dependency order.
/// </summary>
internal sealed class Orchestrator
{
    public const int MaxConsecutiveRestarts = 3;
    private static readonly TimeSpan StableRun = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    private readonly Lock _sync = new();
    private readonly Dictionary<string, ResourceRuntime> _runtimes;
    private readonly IReadOnlyList<IReadOnlyList<Resource>> _levels;
    private readonly OrchestratorContext _context;
    private DateTimeOffset _stopDeadline = DateTimeOffset.MaxValue;
    private bool _stopping;

    public Orchestrator(IReadOnlyList<Resource> resources, OrchestratorContext context)
    {
        _context = context;
        _levels = GraphOrder.Levels(resources);
        var jobs = resources.SelectMany(r => r.Dependencies).Where(d => d.Kind == WaitKind.Completion).Select(d => d.Target).ToHashSet();
        _runtimes = resources.ToDictionary(r => r.Name, r => new ResourceRuntime(r, jobs.Contains(r)));
        Notifications = new ResourceNotificationService(Snapshot, SnapshotOf, name => GetLogs(name).Tail(20));
    }

    public ResourceNotificationService Notifications { get; }

    public LogBuffer GetLogs(string name) => Runtime(name).Logs;

    public IEnumerable<ResourceRuntime> Runtimes => _runtimes.Values;

    public void Start()
    {
        foreach (var runtime in _runtimes.Values)
        {
            foreach (var replica in runtime.Replicas)
            {
                Launch(runtime, replica);
            }
        }
    }

    /// <summary>Stops everything, dependants before what they depend on, within <paramref name="budget"/>.</summary>
    public async Task StopAllAsync(TimeSpan budget)
    {
        lock (_sync)
        {
            _stopping = true;
            _stopDeadline = DateTimeOffset.UtcNow + budget;
        }
        foreach (var level in _levels.Reverse())
        {
            await Task.WhenAll(level.SelectMany(r => _runtimes[r.Name].Replicas.Select(StopReplicaAsync))).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(string name, int? replica)
    {
        var runtime = RequireProcess(name);
        await Task.WhenAll(Select(runtime, replica).Select(StopReplicaAsync)).ConfigureAwait(false);
    }

    public Task StartAsync(string name, int? replica)
    {
        var runtime = RequireProcess(name);
        foreach (var r in Select(runtime, replica))
        {
            lock (_sync)
            {
                if (_stopping || r.RunTask is { IsCompleted: false })
                {
                    continue;
                }
                r.Restarts = r.State == KnownResourceStates.NotStarted ? r.Restarts : r.Restarts + 1;
                // Visible at once, so that a caller waiting right after the command never sees the old Exited.
                r.State = KnownResourceStates.Starting;
                r.Reason = null;
                r.ExitCode = null;
            }
            Notifications.NotifyChanged();
            Launch(runtime, r);
        }
        return Task.CompletedTask;
    }

    public void Kill(string name, int replica)
    {
        var runtime = RequireProcess(name);
        Select(runtime, replica).Single().Process?.Kill();
    }

    private void Launch(ResourceRuntime runtime, ReplicaRuntime replica)
    {
        lock (_sync)
        {
            var cancellation = new CancellationTokenSource();
            replica.RunCancellation = cancellation;
            replica.RunTask = Task.Run(() => RunReplicaAsync(runtime, replica, cancellation.Token));
        }
    }

    private async Task StopReplicaAsync(ReplicaRuntime replica)
    {
        Task? running;
        lock (_sync)
        {
            running = replica.RunTask;
            replica.RunCancellation?.Cancel();
        }
        if (running is null)
        {
            return;
        }
        var deadline = _stopDeadline == DateTimeOffset.MaxValue ? TimeSpan.FromSeconds(15) : _stopDeadline - DateTimeOffset.UtcNow;
        if (await Task.WhenAny(running, Task.Delay(deadline > TimeSpan.Zero ? deadline : TimeSpan.Zero)).ConfigureAwait(false) != running)
        {
            replica.Process?.Kill();
            await running.ConfigureAwait(false);
        }
    }

    private async Task RunReplicaAsync(ResourceRuntime runtime, ReplicaRuntime replica, CancellationToken stop)
    {
        try
        {
            if (!await WaitForDependenciesAsync(runtime, replica, stop).ConfigureAwait(false))
            {
                return;
            }
            if (runtime.Resource.HasProcess)
            {
                await SuperviseProcessAsync(runtime, replica, stop).ConfigureAwait(false);
            }
            else
            {
                await RunPassiveAsync(runtime, replica, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Update(replica, r =>
            {
                if (r.State is KnownResourceStates.Waiting or KnownResourceStates.Starting)
                {
                    r.State = r.Process is null ? KnownResourceStates.NotStarted : KnownResourceStates.Exited;
                }
                else if (r.State == KnownResourceStates.Running && !runtime.Resource.HasProcess)
                {
                    r.State = KnownResourceStates.Exited;
                }
                r.Health = null;
            });
        }
        catch (Exception e)
        {
            // A bug of ours must not leave the replica looking alive, nor its dependants waiting forever.
            Fail(runtime, replica, $"AppHost 内部错误：{e.Message}");
        }
    }

    private async Task<bool> WaitForDependenciesAsync(ResourceRuntime runtime, ReplicaRuntime replica, CancellationToken stop)
    {
        var dependencies = GraphOrder.EffectiveDependencies(runtime.Resource).Where(d => _runtimes.ContainsKey(d.Target.Name)).ToList();
        if (dependencies.Count == 0)
        {
            return true;
        }
        Update(replica, r =>
        {
            r.State = KnownResourceStates.Waiting;
            r.Reason = null;
        });
        foreach (var dependency in dependencies)
        {
            while (true)
            {
                var changed = Notifications.WaitForChangeAsync(stop);
                var outcome = ResourceState.Evaluate(dependency.Kind, Notifications.GetSnapshot(dependency.Target.Name));
                if (outcome == ResourceState.WaitOutcome.Satisfied)
                {
                    break;
                }
                if (outcome == ResourceState.WaitOutcome.Failed)
                {
                    var reason = $"依赖 {dependency.Target.Name} 启动失败";
                    Update(replica, r =>
                    {
                        r.State = KnownResourceStates.FailedToStart;
                        r.Reason = reason;
                    });
                    if (replica.Index == 0)
                    {
                        _context.Info($"{runtime.Resource.Name} 未启动：{reason}");
                    }
                    return false;
                }
                await changed.ConfigureAwait(false);
            }
        }
        return true;
    }

    private async Task SuperviseProcessAsync(ResourceRuntime runtime, ReplicaRuntime replica, CancellationToken stop)
    {
        var consecutiveCrashes = 0;
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            Update(replica, r =>
            {
                r.State = KnownResourceStates.Starting;
                r.Health = null;
            });

            ProcessSpec spec;
            try
            {
                spec = await PrepareAsync(runtime, replica, stop).ConfigureAwait(false);
            }
            catch (HostingException e)
            {
                Fail(runtime, replica, e.Message);
                return;
            }

            ChildProcess child;
            try
            {
                child = ChildProcess.Start(spec, (line, isError) => runtime.Logs.Add(line, isError, replica.Index));
            }
            catch (Exception e) when (e is Win32Exception or HostingException or InvalidOperationException)
            {
                Fail(runtime, replica, $"无法启动 {spec.FileName}：{e.Message}");
                return;
            }

            var startedAt = DateTimeOffset.UtcNow;
            Update(replica, r =>
            {
                r.Process = child;
                r.State = KnownResourceStates.Running;
                r.StartedAt = startedAt;
                r.ExitCode = null;
                r.Reason = null;
                r.Health = HasHealthCheck(runtime.Resource) ? HealthStatus.Unhealthy : HealthStatus.Healthy;
            });

            using var probing = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var everHealthy = false;
            var probe = HasHealthCheck(runtime.Resource)
                ? ProbeAsync(runtime, replica, () => everHealthy = true, probing.Token)
                : Task.CompletedTask;

            await Task.WhenAny(child.Exited, WhenCancelled(stop)).ConfigureAwait(false);
            await probing.CancelAsync().ConfigureAwait(false);
            await probe.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            if (stop.IsCancellationRequested)
            {
                Update(replica, r =>
                {
                    r.State = KnownResourceStates.Stopping;
                    r.Health = null;
                });
                var code = await child.StopAsync(StopGrace()).ConfigureAwait(false);
                Update(replica, r =>
                {
                    r.State = KnownResourceStates.Exited;
                    r.ExitCode = code;
                });
                return;
            }

            var exitCode = await child.Exited.ConfigureAwait(false);
            await Task.WhenAny(child.OutputClosed, Task.Delay(500, CancellationToken.None)).ConfigureAwait(false);
            // A process that exits leaves its group; stragglers it forked go with it.
            Native.SignalGroup(child.Pid, Native.SigKill);
            if (exitCode == 0)
            {
                Update(replica, r =>
                {
                    r.State = KnownResourceStates.Finished;
                    r.ExitCode = 0;
                    r.Health = null;
                });
                return;
            }
            if (runtime.IsJob)
            {
                ReportExited(runtime, replica, exitCode, $"退出码 {exitCode}",
                    $"{runtime.Resource.Name} 失败 (退出码 {exitCode})，依赖它的资源不会启动：请根据下面的日志修正问题，再在仪表板上启动 {runtime.Resource.Name} 和依赖它的资源");
                return;
            }

            if (everHealthy && DateTimeOffset.UtcNow - startedAt > StableRun)
            {
                consecutiveCrashes = 0;
            }
            consecutiveCrashes++;
            if (consecutiveCrashes > MaxConsecutiveRestarts)
            {
                ReportExited(runtime, replica, exitCode, $"连续崩溃 {consecutiveCrashes} 次",
                    $"{Describe(runtime, replica)} 启动后崩溃 (退出码 {exitCode})，已自动重启 {MaxConsecutiveRestarts} 次仍失败：请根据下面的日志修正问题，再在仪表板上点击“启动”");
                return;
            }
            var delay = ResourceState.RestartDelay(consecutiveCrashes);
            Update(replica, r =>
            {
                r.Restarts++;
                r.ExitCode = exitCode;
                r.Health = null;
                r.State = KnownResourceStates.Starting;
                r.Reason = $"进程退出 (退出码 {exitCode})，{delay.TotalSeconds:0} 秒后自动重启";
            });
            _context.Info($"{Describe(runtime, replica)} 退出 (退出码 {exitCode})，{delay.TotalSeconds:0} 秒后第 {consecutiveCrashes} 次自动重启");
            await Task.Delay(delay, stop).ConfigureAwait(false);
        }
    }

    /// <summary>Resources that are not our processes: a database (created now) or an external server (only checked).</summary>
    private async Task RunPassiveAsync(ResourceRuntime runtime, ReplicaRuntime replica, CancellationToken stop)
    {
        Update(replica, r => r.State = KnownResourceStates.Starting);
        if (runtime.Resource is PostgresDatabaseResource database)
        {
            var server = database.Server.GetConnectionString()!;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (await EmbeddedPostgres.CreateDatabaseAsync(server, database.DatabaseName, stop).ConfigureAwait(false))
                    {
                        runtime.Logs.Add($"已创建数据库 {database.DatabaseName}", false);
                    }
                    break;
                }
                catch (Npgsql.NpgsqlException e) when (attempt < 5)
                {
                    runtime.Logs.Add($"创建数据库 {database.DatabaseName} 失败，稍后重试：{e.Message}", true);
                    await Task.Delay(TimeSpan.FromSeconds(attempt), stop).ConfigureAwait(false);
                }
                catch (Npgsql.NpgsqlException e)
                {
                    Fail(runtime, replica, $"创建数据库 {database.DatabaseName} 失败：{e.Message}；请检查 PostgreSQL 账号是否有 CREATEDB 权限");
                    return;
                }
            }
        }
        Update(replica, r =>
        {
            r.State = KnownResourceStates.Running;
            r.StartedAt = DateTimeOffset.UtcNow;
            r.Health = HealthStatus.Unhealthy;
        });
        var started = DateTimeOffset.UtcNow;
        // A database follows its server, whose own state tells the story; only an external server needs a word.
        var warned = runtime.Resource is PostgresDatabaseResource;
        await ProbeAsync(runtime, replica, () => { }, stop, onFailure: () =>
        {
            if (!warned && DateTimeOffset.UtcNow - started > TimeSpan.FromSeconds(30) && replica.Health != HealthStatus.Healthy)
            {
                warned = true;
                _context.Error($"无法连接外部资源 {runtime.Resource.Name}：请检查 ConnectionStrings__{runtime.Resource.Name} 是否正确、服务器是否在运行", runtime.Logs.Tail(5));
            }
        }).ConfigureAwait(false);
    }

    private async Task ProbeAsync(ResourceRuntime runtime, ReplicaRuntime replica, Action onHealthy, CancellationToken stop, Action? onFailure = null)
    {
        var failures = 0;
        var everHealthy = false;
        while (!stop.IsCancellationRequested)
        {
            bool healthy;
            try
            {
                healthy = await CheckHealthAsync(runtime.Resource, replica.Index, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or Npgsql.NpgsqlException && !stop.IsCancellationRequested)
            {
                healthy = false;
            }
            failures = healthy ? 0 : failures + 1;
            if (healthy && !everHealthy)
            {
                everHealthy = true;
                onHealthy();
            }
            if (!healthy)
            {
                onFailure?.Invoke();
            }
            var health = healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy;
            bool changes;
            lock (_sync)
            {
                changes = replica.State == KnownResourceStates.Running && replica.Health != health;
            }
            if (changes)
            {
                Update(replica, r =>
                {
                    if (r.State == KnownResourceStates.Running)
                    {
                        r.Health = health;
                    }
                });
            }
            await Task.Delay(ResourceState.NextProbeDelay(healthy, failures, everHealthy), stop).ConfigureAwait(false);
        }
    }

    private static bool HasHealthCheck(Resource resource) =>
        resource.HealthCheckPath is not null || resource is PostgresServerResource or RedisResource or PostgresDatabaseResource;

    private static async Task<bool> CheckHealthAsync(Resource resource, int replica, CancellationToken cancellationToken)
    {
        switch (resource)
        {
            case PostgresServerResource or PostgresDatabaseResource:
                return await EmbeddedPostgres.IsReadyAsync(((IResourceWithConnectionString)resource).GetConnectionString()!, cancellationToken).ConfigureAwait(false);
            case RedisResource redis:
                var (host, port, password) = EmbeddedRedis.ParseConnectionString(redis.GetConnectionString()!);
                return await EmbeddedRedis.PingAsync(port, password, cancellationToken, host).ConfigureAwait(false);
            default:
                using (var response = await Http.GetAsync(resource.HttpUrls[replica] + resource.HealthCheckPath, cancellationToken).ConfigureAwait(false))
                {
                    return response.StatusCode == System.Net.HttpStatusCode.OK;
                }
        }
    }

    private async Task<ProcessSpec> PrepareAsync(ResourceRuntime runtime, ReplicaRuntime replica, CancellationToken stop)
    {
        var resource = runtime.Resource;
        switch (resource)
        {
            case PostgresServerResource postgres:
                await EmbeddedPostgres.InitializeAsync(postgres.DataDirectory!, postgres.Password, (line, isError) => runtime.Logs.Add(line, isError), stop).ConfigureAwait(false);
                return EmbeddedPostgres.CreateServerSpec(postgres.DataDirectory!, postgres.Port, _context.DurablePostgres);
            case RedisResource redis:
                return EmbeddedRedis.CreateServerSpec(redis.DataDirectory!, redis.Port, redis.Password);
        }

        var environment = EnvironmentBuilder.Build(resource, replica.Index, replica.InstanceId, _context.Environment);
        // Masked once here rather than on every snapshot: waiters take snapshots at every health probe.
        var ownSecrets = environment.Where(e => SecretMasker.IsSecretName(e.Key) && e.Value.Length >= 6).Select(e => e.Value);
        var masked = SecretMasker.MaskEnvironment(environment, SecretValues().Concat(ownSecrets));
        Update(replica, r =>
        {
            r.Environment = environment;
            r.MaskedEnvironment = masked;
        });
        switch (resource)
        {
            case ProjectResource project:
                var dll = project.Project.RequireAssemblyPath();
                return new ProcessSpec
                {
                    FileName = DotnetHost(),
                    Arguments = [dll, .. resource.Args],
                    // Content root (appsettings.json) is the current directory for `dotnet <dll>`.
                    WorkingDirectory = Path.GetDirectoryName(dll),
                    Environment = environment.ToDictionary(e => e.Key, e => (string?)e.Value),
                };
            case ExecutableResource executable:
                var command = Prerequisites.FindExecutable(executable.Command)
                    ?? throw new HostingException($"未找到可执行文件 {executable.Command}：请安装它或把它所在目录加入 PATH");
                return new ProcessSpec
                {
                    FileName = command,
                    Arguments = [.. resource.Args],
                    WorkingDirectory = executable.WorkingDirectory,
                    Environment = environment.ToDictionary(e => e.Key, e => (string?)e.Value),
                };
            default:
                throw new InvalidOperationException($"Resource kind {resource.Kind} has no process.");
        }
    }

    /// <summary>The dotnet host that runs services: the one running us when we are dotnet, else the one on PATH.</summary>
    internal static string DotnetHost()
    {
        var own = Environment.ProcessPath;
        if (own is not null && Path.GetFileNameWithoutExtension(own) == "dotnet")
        {
            return own;
        }
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }
        return Prerequisites.FindExecutable("dotnet")
            ?? throw new HostingException("未找到 dotnet：请安装 .NET 10 SDK 并把 dotnet 加入 PATH (./platform.sh run 会自动安装)");
    }

    private TimeSpan StopGrace()
    {
        var remaining = _stopDeadline - DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(500);
        var grace = _stopDeadline == DateTimeOffset.MaxValue ? TimeSpan.FromSeconds(10) : remaining;
        return grace < TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : grace > TimeSpan.FromSeconds(8) ? TimeSpan.FromSeconds(8) : grace;
    }

    private void Fail(ResourceRuntime runtime, ReplicaRuntime replica, string reason)
    {
        _context.Error($"{Describe(runtime, replica)} 启动失败：{reason}", runtime.Logs.Tail(15));
        Update(replica, r =>
        {
            r.State = KnownResourceStates.FailedToStart;
            r.Health = null;
            r.Reason = reason;
        });
    }

    /// <summary>
    /// Everything that must never be shown: the data folder's secrets, values of secret-named variables given to any
    /// replica, and passwords inside the connection strings handed out.
    /// </summary>
    public IReadOnlyList<string> SecretValues()
    {
        var secrets = new HashSet<string>(_context.KnownSecrets(), StringComparer.Ordinal);
        lock (_sync)
        {
            foreach (var (name, value) in _runtimes.Values.SelectMany(r => r.Replicas).SelectMany(r => r.Environment))
            {
                if (SecretMasker.IsSecretName(name) && value.Length >= 6)
                {
                    secrets.Add(value);
                }
            }
        }
        foreach (var resource in _runtimes.Values.Select(r => r.Resource))
        {
            switch (resource)
            {
                case PostgresServerResource { Password.Length: > 0 } postgres:
                    secrets.Add(postgres.Password);
                    break;
                case RedisResource { Password.Length: > 0 } redis:
                    secrets.Add(redis.Password);
                    break;
            }
        }
        return [.. secrets];
    }

    private static string Describe(ResourceRuntime runtime, ReplicaRuntime replica) =>
        runtime.Replicas.Length > 1 ? $"{runtime.Resource.Name} (副本 {replica.Index})" : runtime.Resource.Name;

    /// <summary>A replica that will not be restarted: the explanation with its last log lines, then the Exited state.</summary>
    private void ReportExited(ResourceRuntime runtime, ReplicaRuntime replica, int exitCode, string reason, string explanation)
    {
        // Reported before the state changes, so whoever reacts to the state finds the explanation already printed.
        _context.Error(explanation, runtime.Logs.Tail(15));
        Update(replica, r =>
        {
            r.State = KnownResourceStates.Exited;
            r.ExitCode = exitCode;
            r.Health = null;
            r.Reason = reason;
        });
    }

    private void Update(ReplicaRuntime replica, Action<ReplicaRuntime> change)
    {
        lock (_sync)
        {
            change(replica);
        }
        Notifications.NotifyChanged();
    }

    private IReadOnlyList<ResourceSnapshot> Snapshot() => Snapshots(null);

    private ResourceSnapshot? SnapshotOf(string name) => Snapshots(name).SingleOrDefault();

    private List<ResourceSnapshot> Snapshots(string? only)
    {
        IReadOnlyList<string>? secrets = null;
        string? Mask(string? reason) => reason is null ? null : SecretMasker.MaskText(reason, secrets ??= SecretValues());
        lock (_sync)
        {
            return _runtimes.Values.Where(rt => only is null || rt.Resource.Name == only).Select(rt =>
            {
                var replicas = rt.Replicas.Select(r => new ReplicaSnapshot(
                    r.Index,
                    r.InstanceId,
                    r.State,
                    r.Health,
                    r.Process is { HasExited: false } p ? p.Pid : null,
                    r.State == KnownResourceStates.Running ? r.StartedAt : null,
                    r.ExitCode,
                    r.Restarts,
                    // A run-to-completion step serves nothing, whatever port its environment names.
                    rt.Resource.HasHttpEndpoint && !rt.IsJob && rt.Resource.Ports.Count > r.Index ? rt.Resource.HttpUrls[r.Index] : null,
                    Mask(r.Reason),
                    r.MaskedEnvironment)).ToList();
                var state = ResourceState.Summarize(replicas.Select(r => r.State));
                var health = ResourceState.SummarizeHealth(replicas.Select(r => (r.State, r.Health)).ToList());
                var reason = replicas.Select(r => r.Reason).FirstOrDefault(r => r is not null);
                var external = rt.Resource is PostgresServerResource { ExternalConnectionString: not null } or RedisResource { ExternalConnectionString: not null };
                return new ResourceSnapshot(
                    rt.Resource.Name,
                    rt.Resource.Kind,
                    state,
                    health,
                    reason,
                    external,
                    rt.IsJob,
                    rt.Resource.ExternalHttpEndpoints,
                    GraphOrder.EffectiveDependencies(rt.Resource).Select(d => d.Target.Name).ToList(),
                    replicas);
            }).ToList();
        }
    }

    private ResourceRuntime Runtime(string name) =>
        _runtimes.TryGetValue(name, out var runtime) ? runtime : throw new ArgumentException($"No resource named '{name}'.", nameof(name));

    private ResourceRuntime RequireProcess(string name)
    {
        var runtime = Runtime(name);
        if (!runtime.Resource.HasProcess)
        {
            throw new InvalidOperationException($"资源 {name} 不是由 AppHost 运行的进程，不能启动或停止");
        }
        return runtime;
    }

    private static IEnumerable<ReplicaRuntime> Select(ResourceRuntime runtime, int? replica)
    {
        if (replica is null)
        {
            return runtime.Replicas;
        }
        if (replica < 0 || replica >= runtime.Replicas.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(replica), $"{runtime.Resource.Name} has {runtime.Replicas.Length} replica(s).");
        }
        return [runtime.Replicas[replica.Value]];
    }

    private static Task WhenCancelled(CancellationToken token)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => completion.TrySetResult());
        return completion.Task;
    }
}

/// <summary>A resource while the graph runs: its replicas and its console log.</summary>
internal sealed class ResourceRuntime(Resource resource, bool isJob)
{
    public Resource Resource { get; } = resource;

    /// <summary>Something waits for its completion (a migration step): it is never restarted.</summary>
    public bool IsJob { get; } = isJob;

    public LogBuffer Logs { get; } = new();

    public ReplicaRuntime[] Replicas { get; } = Enumerable.Range(0, resource.Replicas)
        .Select(i => new ReplicaRuntime(i, $"{resource.Name}-{i}-{Guid.NewGuid().ToString("N")[..8]}"))
        .ToArray();
}

internal sealed class ReplicaRuntime(int index, string instanceId)
{
    public int Index { get; } = index;

    /// <summary>OTEL <c>service.instance.id</c>: name, replica, and a random part so that restarts of two runs differ.</summary>
    public string InstanceId { get; } = instanceId;

    public string State { get; set; } = KnownResourceStates.NotStarted;

    public HealthStatus? Health { get; set; }

    public ChildProcess? Process { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public int? ExitCode { get; set; }

    public int Restarts { get; set; }

    public string? Reason { get; set; }

    public IReadOnlyDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

    /// <summary>The environment as it may be shown: secrets replaced by ******.</summary>
    public IReadOnlyDictionary<string, string> MaskedEnvironment { get; set; } = new Dictionary<string, string>();

    public CancellationTokenSource? RunCancellation { get; set; }

    public Task? RunTask { get; set; }
}
