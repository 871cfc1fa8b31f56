using System.Net.Sockets;
using System.Text;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Infrastructure;

/// <summary>
/// The host-installed <c>redis-server</c>: loopback only, password required, append-only file in its folder.
/// The password goes into a 0600 config file rather than the command line, where any local user could read it.
/// </summary>
public static class EmbeddedRedis
{
    public static ProcessSpec CreateServerSpec(string dataDirectory, int port, string password, bool appendOnly = true)
    {
        var server = Prerequisites.Require("redis-server", "redis-server");
        Directory.CreateDirectory(dataDirectory);
        var configPath = Path.Combine(dataDirectory, "redis.conf");
        var config = new StringBuilder()
            .AppendLine("bind 127.0.0.1")
            .AppendLine($"port {port}")
            .AppendLine("protected-mode yes")
            .AppendLine("daemonize no")
            .AppendLine("logfile \"\"")
            .AppendLine($"dir \"{dataDirectory}\"")
            .AppendLine("save \"\"")
            .AppendLine(appendOnly ? "appendonly yes" : "appendonly no")
            .AppendLine($"requirepass \"{password}\"")
            .ToString();
        File.WriteAllText(configPath, "");
        UnixFiles.SetMode(configPath, UnixFiles.OwnerOnly);
        File.WriteAllText(configPath, config);
        return new ProcessSpec
        {
            FileName = server,
            Arguments = [configPath],
            WorkingDirectory = dataDirectory,
            // SIGTERM makes redis flush the append-only file and exit.
            StopSignal = Native.SigTerm,
        };
    }

    /// <summary>StackExchange.Redis form, as Aspire builds it: <c>host:port,password=…</c>.</summary>
    public static string BuildConnectionString(int port, string password, string host = "127.0.0.1") => $"{host}:{port},password={password}";

    /// <summary>AUTH + PING over RESP; true when the server answers PONG.</summary>
    public static async Task<bool> PingAsync(int port, string password, CancellationToken cancellationToken = default, string host = "127.0.0.1")
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            var request = (password.Length > 0 ? Command("AUTH", password) : "") + Command("PING");
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request), timeout.Token).ConfigureAwait(false);
            var buffer = new byte[256];
            var received = new StringBuilder();
            while (!received.ToString().Contains("PONG", StringComparison.Ordinal) && !received.ToString().Contains("-", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
            var answer = received.ToString();
            return answer.Contains("+PONG", StringComparison.Ordinal) && !answer.StartsWith('-');
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Parses <c>host:port,password=…</c> (extra options ignored) for readiness checks of an external server.</summary>
    public static (string Host, int Port, string Password) ParseConnectionString(string connectionString)
    {
        var parts = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var endpoint = parts[0];
        var colon = endpoint.LastIndexOf(':');
        var host = colon > 0 ? endpoint[..colon] : endpoint;
        var port = colon > 0 ? int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture) : 6379;
        var password = parts.Skip(1).FirstOrDefault(p => p.StartsWith("password=", StringComparison.OrdinalIgnoreCase))?["password=".Length..] ?? "";
        return (host, port, password);
    }

    private static string Command(params string[] parts)
    {
        var builder = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }
        return builder.ToString();
    }
}
