using System.Diagnostics;
using System.Text;

namespace Platform.Hosting.Processes;

/// <summary>
/// A supervised child process that leads its own process group (started through <c>setsid</c>), so that stopping it
/// also stops everything it spawned, and that is registered with the <see cref="Reaper"/> so it cannot outlive us.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessSpec _spec;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, ProcessSpec spec)
    {
        _process = process;
        _spec = spec;
    }

    public int Pid { get; private set; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Completes with the exit code (128 + signal number when killed by a signal).</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Completes when both output pipes reached end of file (every line has been handed over).</summary>
    public Task OutputClosed => Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task);

    /// <summary>Starts the process; every line it writes is handed to <paramref name="onLine"/> (isError = stderr).</summary>
    public static ChildProcess Start(ProcessSpec spec, Action<string, bool> onLine)
    {
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        var arguments = BuildCommandLine(spec, out var fileName);
        startInfo.FileName = fileName;
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(process, spec);
        process.OutputDataReceived += (_, e) => Deliver(e.Data, false, child._stdoutClosed);
        process.ErrorDataReceived += (_, e) => Deliver(e.Data, true, child._stderrClosed);
        process.Exited += (_, _) => child.OnExited();

        // The reaper must know about the process before it can outlive us, so register under the same lock as the start.
        lock (Reaper.Sync)
        {
            process.Start();
            child.Pid = process.Id;
            Reaper.Track(child.Pid, spec.StopSignal);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            child.OnExited();
        }
        return child;

        void Deliver(string? line, bool isError, TaskCompletionSource closed)
        {
            if (line is null)
            {
                closed.TrySetResult();
            }
            else
            {
                onLine(line, isError);
            }
        }
    }

    /// <summary>
    /// Asks the process to stop with its stop signal, waits up to <paramref name="grace"/>, then kills its whole
    /// process group. Returns the exit code.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (!HasExited)
        {
            Native.Signal(Pid, _spec.StopSignal);
            var finished = await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false);
            if (finished != Exited)
            {
                Native.SignalGroup(Pid, Native.SigKill);
            }
        }
        var code = await Exited.ConfigureAwait(false);
        // Grandchildren that ignored the leader's exit still belong to its group.
        Native.SignalGroup(Pid, Native.SigKill);
        return code;
    }

    /// <summary>Kills the whole process group at once (used to simulate a crash).</summary>
    public void Kill() => Native.SignalGroup(Pid, Native.SigKill);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _process.Dispose();
    }

    private void OnExited()
    {
        int code;
        try
        {
            // Not WaitForExit(): it also waits for the output pipes, which a lingering grandchild may hold open.
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }
        Reaper.Untrack(Pid);
        _exited.TrySetResult(code);
    }

    private static List<string> BuildCommandLine(ProcessSpec spec, out string fileName)
    {
        var command = new List<string> { spec.FileName };
        command.AddRange(spec.Arguments);
        if (spec.RunAsUser is { } user && Native.IsRoot)
        {
            // setpriv execs in place (runuser would fork and stay in between), so the pid we hold is the server's own.
            var setpriv = Prerequisites.FindExecutable("setpriv")
                ?? throw new PrerequisiteMissingException("setpriv", "util-linux");
            command.InsertRange(0, [setpriv, $"--reuid={user}", $"--regid={user}", "--init-groups", "--"]);
        }
        if (Prerequisites.FindExecutable("setsid") is { } setsid)
        {
            command.Insert(0, setsid);
        }
        fileName = command[0];
        return command[1..];
    }
}
