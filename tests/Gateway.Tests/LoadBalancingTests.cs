using System.Net;
using Platform.Gateway.Forwarding;
using Platform.Gateway.Tests.Support;
using Platform.Testing;

namespace Platform.Gateway.Tests;

public sealed class LoadBalancingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Round_robin_spreads_requests_evenly_over_replicas()
    {
        await using var a = await Upstream.StartEchoAsync("a");
        await using var b = await Upstream.StartEchoAsync("b");
        await using var c = await Upstream.StartEchoAsync("c");
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(a.Url, b.Url, c.Url));

        var servers = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            servers.Add((await Echo.ReadAsync(await gateway.Client.GetAsync("/api/x", Ct))).Server);
        }

        Assert.Equal([3, 3, 3], servers.GroupBy(s => s).OrderBy(g => g.Key).Select(g => g.Count()));
    }

    [Fact]
    public async Task Replicas_from_service_discovery_all_receive_traffic()
    {
        await using var a = await Upstream.StartEchoAsync("replica-0");
        await using var b = await Upstream.StartEchoAsync("replica-1");
        var settings = ProxySettings.To("http://projects")
            .With("services:projects:http:0", a.Url)
            .With("services:projects:http:1", b.Url);
        await using var gateway = await GatewayHost.StartAsync(settings);

        var servers = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            servers.Add((await Echo.ReadAsync(await gateway.Client.GetAsync("/api/x", Ct))).Server);
        }

        Assert.Equal(["replica-0", "replica-1"], servers.Order());
    }

    [Fact]
    public async Task A_replica_failing_its_probe_is_taken_out_and_returns_when_it_recovers()
    {
        var aHealthy = true;
        await using var a = await Upstream.StartEchoAsync("a", app => app.MapGet("/health", () => Volatile.Read(ref aHealthy) ? Results.Ok() : Results.StatusCode(503)));
        await using var b = await Upstream.StartEchoAsync("b", app => app.MapGet("/health", () => Results.Ok()));
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(a.Url, b.Url).ActiveHealth("backend"));

        Volatile.Write(ref aHealthy, false);
        await Eventually.HoldsAsync(async () => (await ServersAsync(gateway, 6)).SetEquals(["b"]), "only b serves while a fails its probe");

        Volatile.Write(ref aHealthy, true);
        await Eventually.HoldsAsync(async () => (await ServersAsync(gateway, 6)).Contains("a"), "a serves again once its probe passes");
    }

    [Fact]
    public async Task An_idempotent_request_to_a_refusing_replica_is_retried_on_another()
    {
        await using var live = await Upstream.StartEchoAsync("live");
        var dead = $"http://127.0.0.1:{FreePort.Next()}";
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(dead, live.Url));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await gateway.Client.GetAsync("/api/x", Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task A_POST_to_a_refusing_replica_is_not_retried()
    {
        var posts = 0;
        await using var live = await Upstream.StartAsync(app => app.MapPost("/api/x", () =>
        {
            Interlocked.Increment(ref posts);
            return "created";
        }));
        var dead = $"http://127.0.0.1:{FreePort.Next()}";

        // Destinations are taken in name order (d0 = dead first), so the first POST goes to the dead one.
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(dead, live.Url));

        using var response = await gateway.Client.PostAsync("/api/x", new StringContent("{}"), Ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(0, Volatile.Read(ref posts));
    }

    [Fact]
    public async Task An_idempotent_request_whose_replica_dies_before_answering_is_retried_on_another()
    {
        await using var live = await Upstream.StartEchoAsync("live");
        await using var dying = DyingReplica.Start();
        // d0 (the dying replica) is taken first: it reads the request and then drops the connection.
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(dying.Url, live.Url));

        using var response = await gateway.Client.GetAsync("/api/x", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(dying.RequestsSeen >= 1, "the request reached the dying replica before it was retried");
    }

    [Fact]
    public async Task A_POST_whose_replica_dies_before_answering_is_not_sent_again()
    {
        var posts = 0;
        await using var live = await Upstream.StartAsync(app => app.MapPost("/api/x", () =>
        {
            Interlocked.Increment(ref posts);
            return "created";
        }));
        await using var dying = DyingReplica.Start();
        await using var gateway = await GatewayHost.StartAsync(ProxySettings.To(dying.Url, live.Url));

        using var response = await gateway.Client.PostAsync("/api/x", new StringContent("{}"), Ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(0, Volatile.Read(ref posts));
    }

    /// <summary>A replica that accepts a connection, reads the request head and then resets the connection, as a killed process does.</summary>
    private sealed class DyingReplica : IAsyncDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _seen;

        private DyingReplica()
        {
            _listener.Start();
            _loop = Task.Run(AcceptAsync);
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public int RequestsSeen => Volatile.Read(ref _seen);

        public static DyingReplica Start() => new();

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                System.Net.Sockets.Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                using (socket)
                {
                    var buffer = new byte[8192];
                    var head = "";
                    while (!head.Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var read = await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None);
                        if (read == 0)
                        {
                            break;
                        }
                        head += System.Text.Encoding.ASCII.GetString(buffer, 0, read);
                    }
                    Interlocked.Increment(ref _seen);
                    // Linger 0: close with RST, no response byte, as when the process is killed.
                    socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task With_HealthyOrPanic_an_all_unhealthy_cluster_is_still_tried()
    {
        await using var upstream = await Upstream.StartEchoAsync("sick-but-serving", app => app.MapGet("/health", () => Results.StatusCode(503)));
        var settings = ProxySettings.To(upstream.Url).ActiveHealth("backend")
            .With("ReverseProxy:Clusters:backend:HealthCheck:AvailableDestinationsPolicy", "HealthyOrPanic");
        await using var gateway = await GatewayHost.StartAsync(settings);

        var destination = gateway.App.Services.GetRequiredService<ProxyConfigManager>().Current.Clusters["backend"].Destinations.Single();
        await Eventually.HoldsAsync(() => Task.FromResult(destination.Health == DestinationHealth.Unhealthy), "the probe marks it unhealthy");

        var echo = await Echo.ReadAsync(await gateway.Client.GetAsync("/api/x", Ct));

        Assert.Equal("sick-but-serving", echo.Server);
    }

    private static async Task<HashSet<string>> ServersAsync(GatewayHost gateway, int requests)
    {
        var servers = new HashSet<string>();
        for (var i = 0; i < requests; i++)
        {
            servers.Add((await Echo.ReadAsync(await gateway.Client.GetAsync("/api/x", Ct))).Server);
        }

        return servers;
    }
}
