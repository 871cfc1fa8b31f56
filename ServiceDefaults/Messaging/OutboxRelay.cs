using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Idempotency;
using Platform.ServiceDefaults.Scope;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>Delivers the outbox of this service's database.</summary>
public interface IOutboxRelay
{
    /// <summary>
    /// One pass: claims up to <c>Outbox:BatchSize</c> due messages (rows other replicas hold are skipped), posts each,
    /// and records the outcome. Returns how many messages were attempted.
    /// </summary>
    Task<int> DeliverDueAsync(CancellationToken cancellationToken);
}

internal sealed partial class OutboxRelay<TDb> : BackgroundService, IOutboxRelay where TDb : ServiceDbContext
{
    /// <summary>A refused message waits here, i.e. forever, until an operator resets it.</summary>
    internal static readonly DateTimeOffset Poisoned = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int MaxErrorLength = 2000;

    private readonly IServiceScopeFactory _scopes;
    private readonly IHttpClientFactory _httpClients;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<OutboxOptions> _options;
    private readonly ILogger _logger;
    private readonly Counter<long>? _deliveries;

    public OutboxRelay(IServiceScopeFactory scopes, IHttpClientFactory httpClients, OutboxSignal signal, TimeProvider time,
        IOptionsMonitor<OutboxOptions> options, ILogger<OutboxRelay<TDb>> logger, IServiceProvider services)
    {
        _scopes = scopes;
        _httpClients = httpClients;
        _signal = signal;
        _time = time;
        _options = options;
        _logger = logger;
        if (services.GetService<ServiceInstrumentation>() is { } instrumentation && services.GetService<IMeterFactory>() is { } meters)
        {
            _deliveries = meters.Create(instrumentation.MeterName).CreateCounter<long>(
                "platform.outbox.deliveries", unit: "{message}", description: "Outbox delivery attempts by outcome (delivered, retry, poisoned).");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.CurrentValue.Enabled)
        {
            return;
        }
        // Off the host's start-up path: a database that is still coming up must not hold the service's start.
        await Task.Yield();
        using var system = CallerScope.BeginSystem();
        while (!stoppingToken.IsCancellationRequested)
        {
            var options = _options.CurrentValue;
            var attempted = 0;
            try
            {
                attempted = await DeliverDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be down; the rows wait, and the next pass tries again.
                LogPassFailed(exception);
            }
            // A full batch suggests more are due: go again at once.
            if (attempted < options.BatchSize)
            {
                try
                {
                    await _signal.WaitAsync(options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        using var system = CallerScope.BeginSystem();
        var options = _options.CurrentValue;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            // The row locks last until the outcomes are saved: no other replica can post these messages meanwhile.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = _time.GetUtcNow();
            var due = await db.OutboxMessages
                .FromSql($"""
                    SELECT * FROM outbox_messages
                    WHERE delivered_at IS NULL AND next_attempt_at <= {now}
                    ORDER BY next_attempt_at, created_at
                    LIMIT {options.BatchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(ct);
            foreach (var message in due)
            {
                await DeliverAsync(message, options, ct);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return due.Count;
        }, cancellationToken);
    }

    private async Task DeliverAsync(OutboxMessage message, OutboxOptions options, CancellationToken cancellationToken)
    {
        string error;
        HttpStatusCode? status = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            var client = _httpClients.CreateClient(OutboxExtensions.HttpClientPrefix + message.Destination);
            using var request = new HttpRequestMessage(HttpMethod.Post, OutboxExtensions.InboxPath(message.Destination, message.Type))
            {
                Content = new StringContent(message.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(IdempotencyExtensions.HeaderName, message.Id.ToString());
            using var response = await client.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                message.Attempts++;
                message.DeliveredAt = _time.GetUtcNow();
                message.LastError = null;
                Count("delivered", message);
                return;
            }
            status = response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            error = $"HTTP {(int)response.StatusCode}: {body}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"No answer within {options.RequestTimeout}.";
        }
        catch (HttpRequestException exception)
        {
            error = exception.Message;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A broken token endpoint, a resolver without the destination, an open circuit: all worth another try.
            error = $"{exception.GetType().Name}: {exception.Message}";
        }

        message.Attempts++;
        message.LastError = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
        if (status is { } code && IsRefusal(code))
        {
            message.NextAttemptAt = Poisoned;
            Count("poisoned", message);
            LogPoisoned(message.Id, message.Type, message.Destination, (int)code, message.LastError);
            return;
        }
        var delay = Backoff(message.Attempts, options);
        message.NextAttemptAt = _time.GetUtcNow() + delay;
        Count("retry", message);
        LogRetry(message.Id, message.Type, message.Destination, message.Attempts, delay, message.LastError);
    }

    /// <summary>
    /// A 4xx the receiver will answer again however often we ask (a bad payload, a rule it refuses). 408 and 429 ask
    /// us to come back; 401 means our own token is not accepted yet (identity misconfigured or rotating keys), which
    /// a later attempt may cure and which says nothing about the message.
    /// </summary>
    internal static bool IsRefusal(HttpStatusCode status) =>
        (int)status is >= 400 and < 500
        && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized);

    /// <summary>BaseDelay × 2^(attempts−1), ±20 % jitter so replicas' retries spread, capped at MaxDelay.</summary>
    internal static TimeSpan Backoff(int attempts, OutboxOptions options)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ideal = options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var jittered = ideal * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, options.MaxDelay.TotalMilliseconds));
    }

    private void Count(string outcome, OutboxMessage message) => _deliveries?.Add(1,
        new KeyValuePair<string, object?>("outcome", outcome),
        new KeyValuePair<string, object?>("destination", message.Destination),
        new KeyValuePair<string, object?>("type", message.Type));

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Outbox message {MessageId} ({MessageType}) was refused by {Destination} with {StatusCode} and will not be retried: {Error}")]
    private partial void LogPoisoned(Guid messageId, string messageType, string destination, int statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Outbox message {MessageId} ({MessageType}) to {Destination} failed (attempt {Attempts}); retrying in {Delay}: {Error}")]
    private partial void LogRetry(Guid messageId, string messageType, string destination, int attempts, TimeSpan delay, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay pass failed; the messages stay due")]
    private partial void LogPassFailed(Exception exception);
}
