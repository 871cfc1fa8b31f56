using System.Collections.Concurrent;

namespace Platform.Hosting;

/// <summary>Finds the system tools the embedded servers need, with the apt package to install when one is missing.</summary>
public static class Prerequisites
{
    private static readonly ConcurrentDictionary<string, string?> Cache = new();

    // sbin folders are often missing from PATH for non-login shells, yet setpriv/runuser live there.
    private static readonly string[] ExtraFolders = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>Full path of an executable on PATH (or the usual system folders), or null.</summary>
    public static string? FindExecutable(string name) => Cache.GetOrAdd(name, static n =>
    {
        if (Path.IsPathRooted(n))
        {
            return File.Exists(n) ? n : null;
        }
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(ExtraFolders);
        return folders.Select(folder => Path.Combine(folder, n)).FirstOrDefault(IsExecutableFile);
    });

    public static string Require(string name, string aptPackage) =>
        FindExecutable(name) ?? throw new PrerequisiteMissingException(name, aptPackage);

    /// <summary>
    /// The folder with initdb and postgres: Debian keeps them off PATH under /usr/lib/postgresql/&lt;major&gt;/bin,
    /// so the newest installed major wins, then whatever initdb is on PATH.
    /// </summary>
    public static string PostgresBinDirectory()
    {
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(dir => (Dir: dir, Major: int.TryParse(Path.GetFileName(dir), out var major) ? major : -1))
                .Where(x => x.Major > 0 && IsExecutableFile(Path.Combine(x.Dir, "bin", "initdb")))
                .OrderByDescending(x => x.Major)
                .FirstOrDefault();
            if (newest.Dir is not null)
            {
                return Path.Combine(newest.Dir, "bin");
            }
        }
        var initdb = FindExecutable("initdb") ?? throw new PrerequisiteMissingException("initdb (PostgreSQL)", "postgresql");
        var resolved = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
        return Path.GetDirectoryName(resolved)!;
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        return OperatingSystem.IsWindows()
            || (UnixFiles.GetMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
