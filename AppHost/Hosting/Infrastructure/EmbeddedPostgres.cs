using System.Text;
using Npgsql;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Infrastructure;

/// <summary>
/// The host-installed PostgreSQL the AppHost and the tests run: <c>initdb</c> on first use (UTF8, scram-sha-256,
/// generated superuser password), the server as the <c>postgres</c> system user when we are root, loopback only,
/// no Unix socket, and databases created idempotently.
/// </summary>
public static class EmbeddedPostgres
{
    public const string SuperUser = "postgres";
    public const string SystemUser = "postgres";
    private const string DuplicateDatabase = "42P04";
    private const string ObjectInUse = "55006";

    /// <summary>Creates the cluster in <paramref name="dataDirectory"/> unless it already holds one of this major version.</summary>
    public static async Task InitializeAsync(string dataDirectory, string password, Action<string, bool> onLine, CancellationToken cancellationToken = default)
    {
        var bin = Prerequisites.PostgresBinDirectory();
        var installedMajor = InstalledMajorVersion(bin);
        var versionFile = Path.Combine(dataDirectory, "PG_VERSION");
        if (File.Exists(versionFile))
        {
            var dataMajor = File.ReadAllText(versionFile).Trim();
            if (dataMajor != installedMajor)
            {
                throw new HostingException(
                    $"数据目录 {dataDirectory} 由 PostgreSQL {dataMajor} 创建，本机安装的是 PostgreSQL {installedMajor}：" +
                    $"请安装 postgresql-{dataMajor}，或用 pg_upgrade 升级该目录，或设置 PLATFORM_DATA_DIR 指向新目录");
            }
            return;
        }

        // initdb works in a side folder that is renamed into place only when complete, so an interrupted first run
        // never leaves a half-made cluster that a later run would take for a real one.
        var staging = dataDirectory.TrimEnd('/') + ".initdb";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
        if (Directory.Exists(dataDirectory))
        {
            throw new HostingException(
                $"PostgreSQL 数据目录 {dataDirectory} 已存在但不是完整的数据库集群 (缺少 PG_VERSION)：请检查后移走该目录再重试");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(dataDirectory.TrimEnd('/'))!);
        CreateOwnedDirectory(staging);
        var passwordFile = dataDirectory.TrimEnd('/') + ".pwfile";
        await File.WriteAllTextAsync(passwordFile, password + "\n", cancellationToken).ConfigureAwait(false);
        UnixFiles.SetMode(passwordFile, UnixFiles.OwnerOnly);
        GiveToSystemUser(passwordFile);
        try
        {
            var (code, output) = await RunToEndAsync(new ProcessSpec
            {
                FileName = Path.Combine(bin, "initdb"),
                Arguments =
                [
                    "-D", staging, "-U", SuperUser, "--auth=scram-sha-256", $"--pwfile={passwordFile}",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions",
                ],
                RunAsUser = SystemUser,
            }, onLine, cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                throw new HostingException(
                    $"PostgreSQL 数据目录初始化失败 (initdb 退出码 {code})：{LastLine(output)}；请检查 {dataDirectory} 的权限后重试");
            }
            Directory.Move(staging, dataDirectory);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// The server process. <paramref name="durable"/> = false turns off fsync for throw-away test clusters;
    /// the AppHost always runs durable so committed rows survive a crash.
    /// </summary>
    public static ProcessSpec CreateServerSpec(string dataDirectory, int port, bool durable = true, int maxConnections = 200)
    {
        var arguments = new List<string>
        {
            "-D", dataDirectory, "-p", port.ToString(),
            "-c", "listen_addresses=127.0.0.1",
            // No Unix socket: its default folder is root-owned on Debian and TCP is all our clients use.
            "-c", "unix_socket_directories=",
            "-c", $"max_connections={maxConnections}",
            "-c", "log_min_messages=warning",
        };
        if (!durable)
        {
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }
        return new ProcessSpec
        {
            FileName = Path.Combine(Prerequisites.PostgresBinDirectory(), "postgres"),
            Arguments = arguments,
            RunAsUser = SystemUser,
            // SIGINT is PostgreSQL's "fast" shutdown (pg_ctl stop -m fast): clients are disconnected, a checkpoint is written.
            StopSignal = Native.SigInt,
        };
    }

    public static string BuildConnectionString(int port, string password, string? database = null, string host = "127.0.0.1")
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = host, Port = port, Username = SuperUser, Password = password };
        if (database is not null)
        {
            builder.Database = database;
        }
        return builder.ConnectionString;
    }

    /// <summary>The server connection string with <c>Database=&lt;name&gt;</c>, as Aspire builds a database's.</summary>
    public static string WithDatabase(string serverConnectionString, string database) =>
        new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;

    public static async Task<bool> IsReadyAsync(string serverConnectionString, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString)
        {
            Pooling = false,
            Timeout = 3,
            Database = "postgres",
        };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
        {
            return false;
        }
    }

    /// <summary>Creates the database unless it exists (42P04 is ignored); true when it was created now.</summary>
    public static async Task<bool> CreateDatabaseAsync(string serverConnectionString, string database, CancellationToken cancellationToken = default)
    {
        ValidateName(database);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteOnMaintenanceDatabaseAsync(serverConnectionString, $"CREATE DATABASE \"{database}\"", cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (PostgresException e) when (e.SqlState == DuplicateDatabase)
            {
                return false;
            }
            catch (PostgresException e) when (e.SqlState == ObjectInUse && attempt < 10)
            {
                // template1 briefly busy with another session: harmless, try again.
                await Task.Delay(100 * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Drops the database, disconnecting whoever is still connected.</summary>
    public static Task DropDatabaseAsync(string serverConnectionString, string database, CancellationToken cancellationToken = default)
    {
        ValidateName(database);
        return ExecuteOnMaintenanceDatabaseAsync(serverConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", cancellationToken);
    }

    /// <summary>Creates a folder only the postgres system user can enter (PostgreSQL insists on 0700 and its own ownership).</summary>
    public static void CreateOwnedDirectory(string path)
    {
        Directory.CreateDirectory(path);
        UnixFiles.SetMode(path, UnixFiles.OwnerOnlyDirectory);
        GiveToSystemUser(path);
    }

    /// <summary>
    /// Whether the postgres system user can reach <paramref name="directory"/> (every parent needs its x bit for
    /// "others" or for the postgres user); checked by asking the system, as the postgres user.
    /// </summary>
    public static async Task<bool> SystemUserCanTraverseAsync(string directory, CancellationToken cancellationToken = default)
    {
        if (!Native.IsRoot)
        {
            return true;
        }
        var (code, _) = await RunToEndAsync(new ProcessSpec
        {
            FileName = Prerequisites.Require("test", "coreutils"),
            Arguments = ["-x", directory],
            RunAsUser = SystemUser,
        }, static (_, _) => { }, cancellationToken).ConfigureAwait(false);
        return code == 0;
    }

    internal static string InstalledMajorVersion(string bin)
    {
        // Debian's layout names the major; otherwise ask the binary.
        var folderName = Path.GetFileName(Path.GetDirectoryName(bin.TrimEnd('/')));
        if (int.TryParse(folderName, out _))
        {
            return folderName!;
        }
        var version = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Path.Combine(bin, "postgres"), "--version")
        {
            RedirectStandardOutput = true,
        });
        var text = version?.StandardOutput.ReadToEnd() ?? "";
        version?.WaitForExit();
        var number = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        return number.Split('.')[0];
    }

    private static void GiveToSystemUser(string path)
    {
        if (Native.IsRoot)
        {
            var (uid, gid) = Native.LookupUser(SystemUser)
                ?? throw new HostingException($"系统中没有 {SystemUser} 用户：请运行 sudo apt-get install -y postgresql 创建它");
            Native.Chown(path, uid, gid);
        }
    }

    private static async Task ExecuteOnMaintenanceDatabaseAsync(string serverConnectionString, string sql, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void ValidateName(string database)
    {
        if (database.Length is 0 or > 63 || !database.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
        {
            throw new ArgumentException($"Database name '{database}' must be 1-63 characters of a-z, 0-9, '_' or '-'.", nameof(database));
        }
    }

    internal static async Task<(int Code, string Output)> RunToEndAsync(ProcessSpec spec, Action<string, bool> onLine, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var child = ChildProcess.Start(spec, (line, isError) =>
        {
            lock (output)
            {
                output.AppendLine(line);
            }
            onLine(line, isError);
        });
        await using var _ = cancellationToken.Register(() => child.Kill());
        var code = await child.Exited.ConfigureAwait(false);
        await Task.WhenAny(child.OutputClosed, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (output)
        {
            return (code, output.ToString());
        }
    }

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}
