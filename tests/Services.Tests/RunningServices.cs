using System.Collections.Concurrent;
using Platform.Testing;

namespace Platform.Services.Tests;

/// <summary>
/// Each of the six services started once for a test class (on first use), migrated through its own
/// <c>--migrate</c> step first, against its own fresh database, the test process's Redis and a test token issuer.
/// Tests only read from them.
/// </summary>
public sealed class RunningServices : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RunningService>>> _services = new();
    private readonly List<IAsyncDisposable> _owned = [];

    public TestTokenIssuer Issuer { get; private set; } = null!;

    public string RedisConnectionString { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask InitializeAsync()
    {
        Issuer = await TestTokenIssuer.StartAsync();
        RedisConnectionString = (await TestRedis.GetAsync()).ConnectionString;
    }

    internal Task<RunningService> GetAsync(string service) =>
        _services.GetOrAdd(service, name => new Lazy<Task<RunningService>>(() => StartAsync(name))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services.Values.Where(s => s.IsValueCreated))
        {
            try
            {
                await (await service.Value).DisposeAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A service that failed to start has nothing left to stop.
            }
        }
        Http.Dispose();
        await Issuer.DisposeAsync();
    }

    private async Task<RunningService> StartAsync(string service)
    {
        var database = await TestDatabase.CreateAsync($"svc_{service}");
        var environment = ServiceEnvironment.For(service, database.ConnectionString, RedisConnectionString, Issuer.Authority);
        await using (var migration = ServiceProcess.Start(service, environment, "--migrate"))
        {
            var exitCode = await migration.WaitForExitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
            Assert.True(exitCode == 0, $"{service} --migrate exited with {exitCode}:{Environment.NewLine}{migration.Transcript}");
        }
        var process = ServiceProcess.Start(service, environment);
        var running = new RunningService(service, ServiceEnvironment.InstanceIdOf(environment), process, database);
        await process.WaitForHealthyAsync(Http, CancellationToken.None);
        return running;
    }
}

internal sealed class RunningService(string name, string instanceId, ServiceProcess process, TestDatabase database) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string InstanceId { get; } = instanceId;

    public Uri Address => Process.Address!;

    internal ServiceProcess Process { get; } = process;

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await database.DisposeAsync();
    }
}
