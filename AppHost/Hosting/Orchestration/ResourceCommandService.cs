namespace Platform.Hosting;

/// <summary>Stop / start / restart a resource or one of its replicas (the dashboard's buttons, scripts, tests).</summary>
public sealed class ResourceCommandService
{
    public static readonly IReadOnlyList<string> Commands = ["stop", "start", "restart"];

    private readonly Orchestration.Orchestrator _orchestrator;

    internal ResourceCommandService(Orchestration.Orchestrator orchestrator) => _orchestrator = orchestrator;

    /// <summary>Graceful stop (SIGTERM, SIGKILL of the process group after the grace period); the replica shows <c>Exited</c>.</summary>
    public Task StopAsync(string name, int? replica = null) => _orchestrator.StopAsync(name, replica);

    /// <summary>Starts stopped or failed replicas again (their dependencies are waited for again).</summary>
    public Task StartAsync(string name, int? replica = null) => _orchestrator.StartAsync(name, replica);

    public async Task RestartAsync(string name, int? replica = null)
    {
        await StopAsync(name, replica).ConfigureAwait(false);
        await StartAsync(name, replica).ConfigureAwait(false);
    }

    /// <summary>Kills a replica's whole process group with SIGKILL, as a crash would (it is then restarted with back-off).</summary>
    public void Kill(string name, int replica = 0) => _orchestrator.Kill(name, replica);

    /// <summary>Runs "stop", "start" or "restart" by name.</summary>
    public Task ExecuteCommandAsync(string name, string command, int? replica = null) => command switch
    {
        "stop" => StopAsync(name, replica),
        "start" => StartAsync(name, replica),
        "restart" => RestartAsync(name, replica),
        _ => throw new ArgumentException($"Unknown command '{command}'. Known: {string.Join(", ", Commands)}.", nameof(command)),
    };
}
