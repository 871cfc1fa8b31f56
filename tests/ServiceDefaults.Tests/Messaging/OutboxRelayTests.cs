using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging;

namespace Platform.ServiceDefaults.Tests.Messaging;

/// <summary>
/// The outbox relay against a real database and a loopback receiver: what it sends, how it backs off, what it gives
/// up on, and that two replicas never post one message at the same time.
/// </summary>
public sealed class OutboxRelayTests : IAsyncLifetime
{
    // Ahead of the real clock (which stamps enqueued rows), and whole milliseconds, as PostgreSQL keeps microseconds.
    private static readonly DateTimeOffset Start = new(
        DateTimeOffset.UtcNow.AddMinutes(1).Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Start);
    private readonly List<WebApplication> _hosts = [];
    private SharedTablesDatabase _database = null!;
    private FakeReceiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await SharedTablesDatabase.CreateAsync("outbox", TestContext.Current.CancellationToken);
        _receiver = await FakeReceiver.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync(CancellationToken.None);
            await host.DisposeAsync();
        }
        await _receiver.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Relay_posts_the_payload_with_its_id_as_key_and_a_service_token_then_marks_it_delivered()
    {
        var host = RelayHost();
        var id = await EnqueueAsync(host, "projects", "target-set-approved", new { ProjectId = Guid.Empty, Revision = 2 });

        var attempted = await host.Services.GetRequiredService<IOutboxRelay>().DeliverDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, attempted);
        var delivery = Assert.Single(_receiver.Deliveries);
        Assert.Equal(("projects", "target-set-approved", id.ToString(), "Bearer svc-projects"),
            (delivery.Service, delivery.Type, delivery.IdempotencyKey, delivery.Authorization));
        using var body = JsonDocument.Parse(delivery.Body);
        Assert.Equal(2, body.RootElement.GetProperty("revision").GetInt32());
        Assert.Equal(["projects"], _receiver.TokenScopes);
        var row = await RowAsync(host, id);
        Assert.NotNull(row.DeliveredAt);
        Assert.Equal((1, null), (row.Attempts, row.LastError));
    }

    [Fact]
    public async Task Delivered_message_is_not_posted_again()
    {
        var host = RelayHost();
        await EnqueueAsync(host, "projects", "target-set-approved", new { Revision = 1 });
        var relay = host.Services.GetRequiredService<IOutboxRelay>();
        await relay.DeliverDueAsync(TestContext.Current.CancellationToken);

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await relay.DeliverDueAsync(TestContext.Current.CancellationToken));
        Assert.Single(_receiver.Deliveries);
    }

    [Fact]
    public async Task Receiver_down_is_retried_with_growing_backoff_and_delivered_once_it_is_up()
    {
        var host = RelayHost();
        var id = await EnqueueAsync(host, "projects", "target-set-approved", new { Revision = 1 });
        var relay = host.Services.GetRequiredService<IOutboxRelay>();
        var ct = TestContext.Current.CancellationToken;
        _receiver.Status = 503;

        await relay.DeliverDueAsync(ct);
        var first = await RowAsync(host, id);
        AssertDelay(first.NextAttemptAt - _clock.GetUtcNow(), TimeSpan.FromSeconds(1));
        Assert.Contains("503", first.LastError);

        // Not due yet: nothing is posted.
        _clock.Advance(TimeSpan.FromMilliseconds(700));
        Assert.Equal(0, await relay.DeliverDueAsync(ct));

        _clock.Advance(TimeSpan.FromMilliseconds(600));
        await relay.DeliverDueAsync(ct);
        var second = await RowAsync(host, id);
        AssertDelay(second.NextAttemptAt - _clock.GetUtcNow(), TimeSpan.FromSeconds(2));

        _clock.Advance(TimeSpan.FromSeconds(2.5));
        await relay.DeliverDueAsync(ct);
        var third = await RowAsync(host, id);
        AssertDelay(third.NextAttemptAt - _clock.GetUtcNow(), TimeSpan.FromSeconds(4));

        _receiver.Status = 200;
        _clock.Advance(TimeSpan.FromSeconds(5));
        await relay.DeliverDueAsync(ct);
        var delivered = await RowAsync(host, id);
        Assert.NotNull(delivered.DeliveredAt);
        Assert.Equal(4, delivered.Attempts);
        Assert.Equal(4, _receiver.Deliveries.Count);
        Assert.Single(_receiver.Deliveries.Select(d => d.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task Unreachable_receiver_is_retried_later()
    {
        var host = RelayHost();
        var id = await EnqueueAsync(host, "vendors", "engagement-finished", new { Revision = 1 });

        await host.Services.GetRequiredService<IOutboxRelay>().DeliverDueAsync(TestContext.Current.CancellationToken);

        var row = await RowAsync(host, id);
        Assert.Null(row.DeliveredAt);
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.LastError);
        AssertDelay(row.NextAttemptAt - _clock.GetUtcNow(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Backoff_is_capped_at_five_minutes()
    {
        var host = RelayHost();
        var id = await EnqueueAsync(host, "projects", "target-set-approved", new { Revision = 1 });
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MessagingTestDb>();
            await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, 20), TestContext.Current.CancellationToken);
        }
        _receiver.Status = 503;

        await host.Services.GetRequiredService<IOutboxRelay>().DeliverDueAsync(TestContext.Current.CancellationToken);

        var row = await RowAsync(host, id);
        Assert.Equal(TimeSpan.FromMinutes(5), row.NextAttemptAt - _clock.GetUtcNow());
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task Refused_message_is_poisoned_kept_with_its_error_and_never_retried(int status)
    {
        var host = RelayHost();
        var id = await EnqueueAsync(host, "projects", "target-set-approved", new { Revision = 1 });
        var relay = host.Services.GetRequiredService<IOutboxRelay>();
        _receiver.Status = status;

        await relay.DeliverDueAsync(TestContext.Current.CancellationToken);
        _receiver.Status = 200;
        _clock.Advance(TimeSpan.FromDays(30));
        var again = await relay.DeliverDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, again);
        Assert.Single(_receiver.Deliveries);
        var row = await RowAsync(host, id);
        Assert.Null(row.DeliveredAt);
        Assert.Equal(1, row.Attempts);
        Assert.StartsWith($"HTTP {status}", row.LastError);
        Assert.True(row.NextAttemptAt.Year >= 9999);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    public async Task Timeout_throttling_and_server_errors_are_retried(int status)
    {
        var host = RelayHost();
        var id = await EnqueueAsync(host, "projects", "target-set-approved", new { Revision = 1 });
        var relay = host.Services.GetRequiredService<IOutboxRelay>();
        _receiver.Status = status;

        await relay.DeliverDueAsync(TestContext.Current.CancellationToken);
        _receiver.Status = 200;
        _clock.Advance(TimeSpan.FromSeconds(2));
        await relay.DeliverDueAsync(TestContext.Current.CancellationToken);

        Assert.NotNull((await RowAsync(host, id)).DeliveredAt);
        Assert.Equal(2, _receiver.Deliveries.Count);
    }

    [Fact]
    public async Task Two_relays_on_one_table_never_post_the_same_message_in_a_pass()
    {
        var settings = new Dictionary<string, string?> { ["Outbox:BatchSize"] = "5" };
        var first = RelayHost(settings);
        var second = RelayHost(settings);
        for (var i = 0; i < 10; i++)
        {
            await EnqueueAsync(first, "projects", "target-set-approved", new { Revision = i });
        }
        // Slow answers keep the first relay's rows locked while the second one claims.
        _receiver.Delay = TimeSpan.FromMilliseconds(100);

        var attempted = await Task.WhenAll(
            first.Services.GetRequiredService<IOutboxRelay>().DeliverDueAsync(TestContext.Current.CancellationToken),
            second.Services.GetRequiredService<IOutboxRelay>().DeliverDueAsync(TestContext.Current.CancellationToken));

        Assert.Equal([5, 5], attempted);
        Assert.Equal(10, _receiver.Deliveries.Count);
        Assert.Equal(10, _receiver.Deliveries.Select(d => d.IdempotencyKey).Distinct().Count());
        Assert.Equal(10L, await _database.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE delivered_at IS NOT NULL", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Running_relay_is_nudged_by_a_save_and_delivers_without_waiting_for_its_poll()
    {
        var host = RelayHost(new Dictionary<string, string?> { ["Outbox:Enabled"] = "true", ["Outbox:PollInterval"] = "00:10:00" }, realClock: true);
        await host.StartAsync(TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);

        await EnqueueAsync(host, "projects", "target-set-approved", new { Revision = 1 });
        await WaitForDeliveriesAsync(1);

        // Inside an explicit transaction the nudge waits for the commit.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MessagingTestDb>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
                db.Enqueue("projects", "target-set-withdrawn", new { Revision = 2 });
                await db.SaveChangesAsync(TestContext.Current.CancellationToken);
                await transaction.CommitAsync(TestContext.Current.CancellationToken);
            });
        }
        await WaitForDeliveriesAsync(2);
    }

    private async Task WaitForDeliveriesAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_receiver.Deliveries.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
        Assert.Equal(count, _receiver.Deliveries.Count);
    }

    private static void AssertDelay(TimeSpan actual, TimeSpan ideal) =>
        Assert.InRange(actual.TotalMilliseconds, ideal.TotalMilliseconds * 0.8 - 1, ideal.TotalMilliseconds * 1.2 + 1);

    private WebApplication RelayHost(Dictionary<string, string?>? extra = null, bool realClock = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:targetsdb"] = _database.ConnectionString,
            ["OTEL_SERVICE_NAME"] = "targets",
            ["Identity:Url"] = _receiver.Address,
            ["Identity:ClientId"] = "targets",
            ["Identity:ClientSecret"] = "targets-secret",
            ["services:projects:http:0"] = _receiver.Address,
            // Nothing listens on the discard port.
            ["services:vendors:http:0"] = "http://127.0.0.1:9",
            ["Outbox:Enabled"] = "false",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        var builder = TestApp.CreateBuilder(settings);
        builder.AddServiceDefaults();
        builder.AddNpgsqlDbContext<MessagingTestDb>("targetsdb");
        builder.AddOutboxRelay<MessagingTestDb>();
        if (!realClock)
        {
            builder.Services.AddSingleton<TimeProvider>(_clock);
        }
        var host = builder.Build();
        _hosts.Add(host);
        return host;
    }

    private static async Task<Guid> EnqueueAsync(WebApplication host, string destination, string type, object payload)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingTestDb>();
        var message = db.Enqueue(destination, type, payload);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return message.Id;
    }

    private static async Task<OutboxMessage> RowAsync(WebApplication host, Guid id)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingTestDb>();
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, TestContext.Current.CancellationToken);
    }
}
