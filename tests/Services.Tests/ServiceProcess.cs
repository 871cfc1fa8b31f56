using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Platform.ServiceDefaults;

namespace Platform.Services.Tests;

/// <summary>
/// One service run the way the AppHost runs it: <c>dotnet &lt;Service&gt;.dll</c> from its build output, configured
/// only through the environment variables of the process contract. Killed (with its tree) on dispose.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private ServiceProcess(Process process, Uri? address)
    {
        _process = process;
        Address = address;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _stdout.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The <c>ASPNETCORE_URLS</c> address the service was told to listen on.</summary>
    public Uri? Address { get; }

    public int Id => _process.Id;

    public IReadOnlyCollection<string> Output => _stdout;

    public IReadOnlyCollection<string> Errors => _stderr;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process printed, for assertion messages.</summary>
    public string Transcript => string.Join(Environment.NewLine, _stdout.Concat(_stderr.Select(e => "[stderr] " + e)));

    /// <summary>Starts <paramref name="service"/> (a resource name such as <c>projects</c>) with the given environment.</summary>
    public static ServiceProcess Start(string service, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var dll = DllOf(service);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var address = environment.TryGetValue("ASPNETCORE_URLS", out var urls) && urls is not null ? new Uri(urls) : null;
        return new ServiceProcess(Process.Start(start)!, address);
    }

    /// <summary>Waits for the process to end (it must within <paramref name="timeout"/>) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"The process did not exit within {timeout}.{Environment.NewLine}{Transcript}");
        }
        // Lets the asynchronous readers deliver the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Polls <c>/health</c> until it answers 200; fails with the process's output if it exits or times out.</summary>
    public async Task WaitForHealthyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The service exited with code {_process.ExitCode} before it was healthy.{Environment.NewLine}{Transcript}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(Address!, "/health"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail($"The service was not healthy within 60 s.{Environment.NewLine}{Transcript}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Asks the process to stop the way an orchestrator does (SIGTERM).</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.Dispose();
    }

    /// <summary>The built dll of a service, from the metadata the build wrote into this assembly.</summary>
    private static string DllOf(string service)
    {
        var project = char.ToUpperInvariant(service[0]) + service[1..];
        var path = typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == $"PlatformProject:{project}")?.Value;
        Assert.True(path is not null && File.Exists(path), $"The build output of {project} was not found ({path}); build Services.Tests first.");
        return path;
    }

    /// <summary>The resource names of the six services, for theories.</summary>
    public static TheoryData<string> All => new(ResourceNames.Services.Select(s => s.Service));
}
