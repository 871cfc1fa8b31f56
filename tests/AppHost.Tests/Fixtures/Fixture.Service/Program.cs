using System.Net.Sockets;
using Npgsql;

// Behaviour is chosen by environment so one build serves every test:
//   --migrate                 print and exit with FIXTURE_MIGRATE_EXIT (default 0), like a service's migration step
//   FIXTURE_CRASH=1           exit 3 at start, after writing a reason to stderr
//   FIXTURE_REQUIRE=a,b       exit 4 unless the connection strings a, b answer (proves WaitFor ordering)
if (args.Contains("--migrate"))
{
    Console.WriteLine("fixture: migrations applied");
    return int.TryParse(Environment.GetEnvironmentVariable("FIXTURE_MIGRATE_EXIT"), out var code) ? code : 0;
}
if (Environment.GetEnvironmentVariable("FIXTURE_CRASH") == "1")
{
    Console.Error.WriteLine("fixture: configured to crash at start");
    return 3;
}
foreach (var name in (Environment.GetEnvironmentVariable("FIXTURE_REQUIRE") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
{
    var connectionString = Environment.GetEnvironmentVariable($"ConnectionStrings__{name}");
    if (connectionString is null || !await AnswersAsync(connectionString))
    {
        Console.Error.WriteLine($"fixture: dependency {name} is not ready");
        return 4;
    }
    Console.WriteLine($"fixture: dependency {name} is ready");
}

var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapGet("/health", () => "Healthy");
app.MapGet("/env", () => Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value));
Console.WriteLine("fixture: listening");
await app.RunAsync();
Console.WriteLine("fixture: stopped gracefully");
return 0;

static async Task<bool> AnswersAsync(string connectionString)
{
    try
    {
        if (connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            return true;
        }
        var endpoint = connectionString.Split(',')[0];
        var colon = endpoint.LastIndexOf(':');
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint[..colon], int.Parse(endpoint[(colon + 1)..]));
        return true;
    }
    catch (Exception e) when (e is NpgsqlException or SocketException)
    {
        return false;
    }
}
