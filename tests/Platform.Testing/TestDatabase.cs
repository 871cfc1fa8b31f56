using System.Text;
using Platform.Hosting.Infrastructure;

namespace Platform.Testing;

/// <summary>
/// A uniquely named database on the test process's real PostgreSQL server (started once, on first use, by the same
/// code the AppHost runs); dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private TestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = EmbeddedPostgres.WithDatabase(serverConnectionString, name);
    }

    public string Name { get; }

    /// <summary>Npgsql connection string of the new database (superuser credentials).</summary>
    public string ConnectionString { get; }

    /// <summary>Connection string of the server without a database, e.g. for a service's own database creation.</summary>
    public string ServerConnectionString => _serverConnectionString;

    public static async Task<TestDatabase> CreateAsync(string prefix, CancellationToken ct = default)
    {
        var (_, serverConnectionString) = await TestServers.Postgres.Value.WaitAsync(ct).ConfigureAwait(false);
        var name = $"{Sanitize(prefix)}_{Guid.NewGuid():N}"[..(Math.Min(Sanitize(prefix).Length, 40) + 13)];
        await EmbeddedPostgres.CreateDatabaseAsync(serverConnectionString, name, ct).ConfigureAwait(false);
        return new TestDatabase(serverConnectionString, name);
    }

    public async ValueTask DisposeAsync()
    {
        using (var connection = new Npgsql.NpgsqlConnection(ConnectionString))
        {
            // The pool would otherwise keep idle connections to a database that no longer exists.
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
        await EmbeddedPostgres.DropDatabaseAsync(_serverConnectionString, Name).ConfigureAwait(false);
    }

    private static string Sanitize(string prefix)
    {
        var builder = new StringBuilder();
        foreach (var c in prefix.ToLowerInvariant())
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_');
        }
        var result = builder.ToString().Trim('_');
        return result.Length == 0 ? "test" : result[..Math.Min(result.Length, 40)];
    }
}
