using System.Diagnostics;

namespace Platform.Hosting.Processes;

/// <summary>
/// Guarantees that no child outlives this process, even when it is killed with SIGKILL and gets no chance to clean up:
/// a tiny shell watchdog in its own session polls our pid once a second; when we are gone it stops every child
/// still listed (graceful signal, then SIGKILL of the process group after 10 s) and deletes registered temp folders.
/// </summary>
internal static class Reaper
{
    // Kept in the assembly instead of a file on disk so that no install step can forget it.
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        owner="$1"; list="$2"
        while kill -0 "$owner"; do sleep 1; done
        [ -f "$list" ] || exit 0
        while read -r kind pid sig; do [ "$kind" = proc ] && kill "-$sig" "$pid"; done < "$list"
        i=0
        while [ "$i" -lt 10 ]; do
          alive=0
          while read -r kind pid sig; do [ "$kind" = proc ] && kill -0 "$pid" && alive=1; done < "$list"
          [ "$alive" = 0 ] && break
          i=$((i + 1)); sleep 1
        done
        while read -r kind pid sig; do [ "$kind" = proc ] && kill -9 -- "-$pid"; done < "$list"
        while IFS= read -r line; do case "$line" in "dir "*) rm -rf -- "${line#dir }";; esac; done < "$list"
        rm -f "$list"
        """;

    public static readonly Lock Sync = new();

    private static readonly Dictionary<int, int> Processes = [];
    private static readonly HashSet<string> Directories = [];
    private static string? _listPath;

    public static void Track(int pid, int stopSignal)
    {
        lock (Sync)
        {
            Processes[pid] = stopSignal;
            Save();
        }
    }

    public static void Untrack(int pid)
    {
        lock (Sync)
        {
            if (Processes.Remove(pid))
            {
                Save();
            }
        }
    }

    /// <summary>Deletes the folder if this process dies without cleaning up (tests' temp roots).</summary>
    public static void DeleteOnAbnormalExit(string directory)
    {
        lock (Sync)
        {
            Directories.Add(Path.GetFullPath(directory));
            Save();
        }
    }

    public static void Forget(string directory)
    {
        lock (Sync)
        {
            if (Directories.Remove(Path.GetFullPath(directory)))
            {
                Save();
            }
        }
    }

    private static void Save()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        _listPath ??= StartWatchdog();
        var lines = Processes.Select(p => $"proc {p.Key} {p.Value}").Concat(Directories.Select(d => $"dir {d}"));
        var temporary = _listPath + ".tmp";
        File.WriteAllLines(temporary, lines);
        // Rename is atomic, so the watchdog never reads a half-written list.
        File.Move(temporary, _listPath, overwrite: true);
    }

    private static string StartWatchdog()
    {
        var listPath = Path.Combine(Path.GetTempPath(), $"budget-platform-reaper-{Environment.ProcessId}.list");
        var startInfo = new ProcessStartInfo
        {
            FileName = Prerequisites.FindExecutable("setsid") ?? "sh",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (startInfo.FileName != "sh")
        {
            startInfo.ArgumentList.Add("sh");
        }
        foreach (var argument in new[] { "-c", Script, "budget-platform-reaper", Environment.ProcessId.ToString(), listPath })
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var watchdog = Process.Start(startInfo)
            ?? throw new InvalidOperationException("无法启动进程看护程序 (sh)。");
        return listPath;
    }
}
