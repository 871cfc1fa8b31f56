using Platform.Hosting.Logging;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Infrastructure;

/// <summary>
/// One embedded server run outside the resource graph (the tests' shared PostgreSQL and Redis): start, wait until
/// it answers, stop cleanly; a start that loses its port to another process is retried on a fresh port.
/// </summary>
public sealed class EmbeddedServer : IAsyncDisposable
{
    private readonly string _name;
    private readonly Func<int, ProcessSpec> _spec;
    private readonly Func<int, CancellationToken, Task<bool>> _isReady;
    private readonly bool _portIsFixed;
    private ChildProcess? _process;

    /// <param name="port">0 picks a free port (and another one should the first be taken); otherwise that port only.</param>
    public EmbeddedServer(string name, Func<int, ProcessSpec> spec, Func<int, CancellationToken, Task<bool>> isReady, int port = 0)
    {
        _name = name;
        _spec = spec;
        _isReady = isReady;
        _portIsFixed = port != 0;
        Port = port == 0 ? PortAllocator.Next() : port;
    }

    public int Port { get; private set; }

    public LogBuffer Logs { get; } = new(2_000);

    public int? Pid => _process is { HasExited: false } p ? p.Pid : null;

    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var process = ChildProcess.Start(_spec(Port), (line, isError) => Logs.Add(line, isError));
            _process = process;
            var deadline = DateTimeOffset.UtcNow + timeout;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await _isReady(Port, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
                if (process.HasExited)
                {
                    await Task.WhenAny(process.OutputClosed, Task.Delay(1000, CancellationToken.None)).ConfigureAwait(false);
                    var tail = Logs.Tail(20);
                    if (!_portIsFixed && attempt < 3 && tail.Any(l => l.Contains("in use", StringComparison.OrdinalIgnoreCase)))
                    {
                        Port = PortAllocator.Next();
                        break;
                    }
                    throw new HostingException(
                        $"{_name} 启动失败 (退出码 {process.Exited.Result})：{string.Join(" | ", tail.TakeLast(5))}");
                }
                if (DateTimeOffset.UtcNow > deadline)
                {
                    await process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                    throw new HostingException($"{_name} 在 {timeout.TotalSeconds:0} 秒内未就绪：{string.Join(" | ", Logs.Tail(5))}");
                }
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Graceful stop (the spec's stop signal), SIGKILL of the group after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (_process is { } process)
        {
            await process.StopAsync(grace ?? TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
