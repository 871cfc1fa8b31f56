using System.Security.Cryptography;
using System.Text;
using Platform.Hosting.Infrastructure;

namespace Platform.Hosting.Data;

/// <summary>
/// The AppHost's data folder (<c>PLATFORM_DATA_DIR</c>, default <c>$XDG_DATA_HOME/budget-platform</c> or
/// <c>~/.local/share/budget-platform</c>): a version marker, <c>secrets.json</c>, Redis's append-only file and
/// PostgreSQL's cluster. Held with an exclusive lock so two AppHosts never share it.
/// </summary>
public sealed class DataDirectory : IDisposable
{
    /// <summary>Bumped when the layout changes incompatibly.</summary>
    public const int LayoutVersion = 1;

    public const string MarkerFileName = "budget-platform-data.version";

    private readonly FileStream _lock;

    private DataDirectory(string path, FileStream lockFile)
    {
        Path = path;
        _lock = lockFile;
        Secrets = new SecretStore(System.IO.Path.Combine(path, "secrets.json"));
    }

    public string Path { get; }

    public SecretStore Secrets { get; }

    public string RedisDirectory => System.IO.Path.Combine(Path, "redis");

    public static string DefaultPath()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = string.IsNullOrEmpty(xdg)
            ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return System.IO.Path.Combine(root, "budget-platform");
    }

    /// <summary>Opens (creating on first run) and locks the folder; a folder of another layout version is refused.</summary>
    public static DataDirectory Open(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(path);
        var marker = System.IO.Path.Combine(path, MarkerFileName);
        if (File.Exists(marker))
        {
            var found = File.ReadAllText(marker).Trim();
            if (found != LayoutVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new HostingException(
                    $"数据目录 {path} 属于另一个版本 (格式 {found}，本程序需要格式 {LayoutVersion})：" +
                    $"请备份后移走该目录，或设置 PLATFORM_DATA_DIR 指向新目录");
            }
        }
        else if (Directory.EnumerateFileSystemEntries(path).Any())
        {
            throw new HostingException(
                $"目录 {path} 不是本平台的数据目录 (缺少 {MarkerFileName})：请设置 PLATFORM_DATA_DIR 指向空目录或本平台的数据目录");
        }
        else
        {
            File.WriteAllText(marker, LayoutVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        }

        FileStream lockFile;
        try
        {
            // FileShare.None takes an exclusive flock on Linux: a second AppHost on the same folder fails here.
            lockFile = new FileStream(System.IO.Path.Combine(path, "apphost.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new HostingException($"数据目录 {path} 正被另一个 AppHost 使用：请先停止它 (Ctrl+C)，或设置 PLATFORM_DATA_DIR 使用另一个目录");
        }
        return new DataDirectory(path, lockFile);
    }

    /// <summary>
    /// PostgreSQL's cluster folder. PostgreSQL runs as the postgres user, who must be able to traverse every parent;
    /// when it cannot (root's home is 0700) the cluster lives under /var/lib/budget-platform/&lt;hash&gt; instead,
    /// and <paramref name="relocated"/> says so.
    /// </summary>
    public async Task<(string Directory, bool Relocated)> ResolvePostgresDirectoryAsync(CancellationToken cancellationToken)
    {
        var preferred = System.IO.Path.Combine(Path, "postgres");
        if (await EmbeddedPostgres.SystemUserCanTraverseAsync(Path, cancellationToken).ConfigureAwait(false))
        {
            return (System.IO.Path.Combine(preferred, "data"), false);
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path)))[..12];
        var root = System.IO.Path.Combine("/var/lib/budget-platform", hash);
        Directory.CreateDirectory(root);
        UnixFiles.SetMode("/var/lib/budget-platform", UnixFiles.Traversable);
        UnixFiles.SetMode(root, UnixFiles.Traversable);
        File.WriteAllText(System.IO.Path.Combine(Path, "postgres-location.txt"), root + "\n");
        return (System.IO.Path.Combine(root, "data"), true);
    }

    public void Dispose() => _lock.Dispose();
}
