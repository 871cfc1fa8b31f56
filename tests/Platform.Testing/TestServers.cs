using Platform.Hosting;
using Platform.Hosting.Infrastructure;
using Platform.Hosting.Processes;

namespace Platform.Testing;

/// <summary>
/// The per-test-process home of embedded servers: one temp root the postgres user can traverse
/// (<c>/tmp/budget-platform-tests/&lt;pid&gt;-&lt;random&gt;</c>), deleted at exit; servers stopped at exit, and by the
/// reaper should the test process be killed.
/// </summary>
internal static class TestServers
{
    private static readonly Lock Sync = new();
    private static readonly List<Func<Task>> StopActions = [];
    private static string? _root;

    /// <summary>A new, unique folder under this process's temp root.</summary>
    public static string NewFolder(string name)
    {
        var folder = Path.Combine(Root, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void StopAtExit(Func<Task> stop)
    {
        lock (Sync)
        {
            StopActions.Add(stop);
        }
    }

    private static string Root
    {
        get
        {
            lock (Sync)
            {
                if (_root is null)
                {
                    var parent = Path.Combine("/tmp", "budget-platform-tests");
                    Directory.CreateDirectory(parent);
                    // Everyone may traverse /tmp/budget-platform-tests; PostgreSQL's own folder below is 0700.
                    TryChmod(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                        | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute | UnixFileMode.StickyBit
                        | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                    var root = Path.Combine(parent, $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..(Environment.ProcessId.ToString().Length + 9)]);
                    Directory.CreateDirectory(root);
                    TryChmod(root, UnixFiles.Traversable);
                    Reaper.DeleteOnAbnormalExit(root);
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => Shutdown();
                    _root = root;
                }
                return _root;
            }
        }
    }

    private static void Shutdown()
    {
        List<Func<Task>> actions;
        string? root;
        lock (Sync)
        {
            actions = [.. StopActions];
            StopActions.Clear();
            root = _root;
        }
        try
        {
            Task.WhenAll(actions.Select(stop => Task.Run(stop))).Wait(TimeSpan.FromSeconds(15));
        }
        catch (AggregateException)
        {
            // Exiting anyway; the reaper kills whatever did not stop.
        }
        if (root is not null && Directory.Exists(root))
        {
            try
            {
                Directory.Delete(root, recursive: true);
                Reaper.Forget(root);
            }
            catch (IOException)
            {
                // Left for the reaper, which deletes it after the servers are gone.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static void TryChmod(string path, UnixFileMode mode)
    {
        try
        {
            UnixFiles.SetMode(path, mode);
        }
        catch (UnauthorizedAccessException)
        {
            // Someone else's shared parent: its mode is theirs to choose.
        }
    }

    /// <summary>The shared embedded PostgreSQL of this test process, started on first use.</summary>
    public static readonly Lazy<Task<(EmbeddedServer Server, string ConnectionString)>> Postgres = new(StartPostgresAsync);

    /// <summary>The shared embedded Redis of this test process, started on first use.</summary>
    public static readonly Lazy<Task<(EmbeddedServer Server, string ConnectionString)>> Redis = new(() => StartRedisAsync(NewFolder("redis")));

    private static async Task<(EmbeddedServer, string)> StartPostgresAsync()
    {
        var folder = NewFolder("postgres");
        var dataDirectory = Path.Combine(folder, "data");
        var password = SecretGenerator.Password();
        var server = new EmbeddedServer(
            "PostgreSQL",
            port => EmbeddedPostgres.CreateServerSpec(dataDirectory, port, durable: false, maxConnections: 300),
            (port, ct) => EmbeddedPostgres.IsReadyAsync(EmbeddedPostgres.BuildConnectionString(port, password), ct));
        await EmbeddedPostgres.InitializeAsync(dataDirectory, password, (line, isError) => server.Logs.Add(line, isError)).ConfigureAwait(false);
        StopAtExit(() => server.StopAsync());
        await server.StartAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        return (server, EmbeddedPostgres.BuildConnectionString(server.Port, password));
    }

    internal static async Task<(EmbeddedServer, string)> StartRedisAsync(string folder, int port = 0)
    {
        var password = SecretGenerator.Password();
        var server = new EmbeddedServer(
            "Redis",
            p => EmbeddedRedis.CreateServerSpec(folder, p, password),
            (p, ct) => EmbeddedRedis.PingAsync(p, password, ct),
            port);
        StopAtExit(() => server.StopAsync());
        await server.StartAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return (server, EmbeddedRedis.BuildConnectionString(server.Port, password));
    }
}
