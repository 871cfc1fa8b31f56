using System.Diagnostics;
using Platform.Hosting.Processes;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>The AppHost executable itself, as an operator runs it.</summary>
public sealed class AppHostProcessTests
{
    [Fact]
    public async Task The_AppHost_reports_readiness_and_stops_everything_on_SIGTERM_within_10_seconds()
    {
        var ct = TestSupport.Timeout(TimeSpan.FromSeconds(150));
        var folder = TestFolder.Create("apphost-run");
        var output = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The AppHost's own build output (its runtimeconfig and deps), not the copy referenced into this test's folder.
        var dll = Hosting.ProjectMetadata.FromAssembly(typeof(AppHostProcessTests).Assembly, "AppHost").RequireAssemblyPath();
        foreach (var argument in new[] { dll, "--data-dir", folder, "--Dashboard:Port=0", "--Platform:Gateway:Port=0" })
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var apphost = new Process { StartInfo = startInfo };
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.Add(e.Data);
            }
            if (e.Data.Contains("个资源已就绪", StringComparison.Ordinal) || e.Data.StartsWith("错误", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }
        apphost.OutputDataReceived += OnLine;
        apphost.ErrorDataReceived += OnLine;
        apphost.Start();
        apphost.BeginOutputReadLine();
        apphost.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(ct);
            var children = TestSupport.Descendants(apphost.Id);

            Native.Signal(apphost.Id, Native.SigTerm);
            var stopwatch = Stopwatch.StartNew();
            await apphost.WaitForExitAsync(ct);

            string text;
            lock (output)
            {
                text = string.Join("\n", output);
            }
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"stopped after {stopwatch.Elapsed}");
            Assert.True(apphost.ExitCode == 0, text);
            Assert.Matches(@"Dashboard: http://127\.0\.0\.1:\d+/login\?t=[0-9a-f]+", text);
            Assert.Matches(@"gateway: http://127\.0\.0\.1:\d+", text);
            Assert.Matches(@"全部 21 个资源已就绪，用时 [\d.]+ 秒", text);
            Assert.Matches(@"内存合计 \(RSS\): \d+ MB", text);
            Assert.True(children.Count >= 9, text);
            // The AppHost's watchdog notices its exit within a second and leaves too.
            for (var wait = 0; wait < 30 && children.Any(TestSupport.IsAlive); wait++)
            {
                await Task.Delay(100, ct);
            }
            Assert.DoesNotContain(children, TestSupport.IsAlive);
        }
        finally
        {
            if (!apphost.HasExited)
            {
                // Its reaper stops the children once it is gone.
                apphost.Kill();
                await apphost.WaitForExitAsync(CancellationToken.None);
                await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
            }
        }
    }
}
