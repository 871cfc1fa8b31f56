using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Platform.Contracts.Http;
using Platform.Contracts.Json;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Resilience;

namespace Platform.ServiceDefaults.Messaging;

public static class OutboxExtensions
{
    /// <summary>Named HttpClients <c>outbox:&lt;destination&gt;</c> carry the relay's deliveries.</summary>
    public const string HttpClientPrefix = "outbox:";

    /// <summary>
    /// Adds a message for <paramref name="destination"/> (the receiver's resource name, e.g. <c>projects</c>) to the
    /// context; it is saved by the same SaveChanges (and transaction) as the change it announces, and the relay posts
    /// <paramref name="payload"/> as JSON to <c>/api/&lt;destination&gt;/inbox/&lt;type&gt;</c> until acknowledged.
    /// </summary>
    public static OutboxMessage Enqueue(this ServiceDbContext db, string destination, string type, object payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(payload);
        var now = DateTimeOffset.UtcNow;
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            Destination = destination,
            Type = type,
            Payload = JsonSerializer.Serialize(payload, payload.GetType(), ApiJson.Options),
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.OutboxMessages.Add(message);
        return message;
    }

    /// <summary>The path a message of <paramref name="type"/> is posted to on <paramref name="destination"/>.</summary>
    public static string InboxPath(string destination, string type) => $"/api/{destination}/inbox/{type}";

    /// <summary>
    /// Runs the outbox relay of <typeparamref name="TDb"/> in this process (every replica may run one: rows are claimed
    /// with <c>FOR UPDATE SKIP LOCKED</c>), nudged right after a SaveChanges that enqueued something and polling every
    /// <c>Outbox:PollInterval</c> otherwise. Deliveries use the client-credentials token of <c>Identity:ClientId</c>
    /// for the destination's scope. <see cref="IOutboxRelay"/> drives one pass on demand.
    /// </summary>
    public static IHostApplicationBuilder AddOutboxRelay<TDb>(this IHostApplicationBuilder builder) where TDb : ServiceDbContext
    {
        var services = builder.Services;
        services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection(OutboxOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxNudgeInterceptor>();
        services.ConfigureDbContext<TDb>((sp, options) => options.AddInterceptors(sp.GetRequiredService<OutboxNudgeInterceptor>()));

        // What AddClientCredentialsToken registers, for clients whose names (destinations) are only known per message.
        services.AddOptions<ClientCredentialsOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(ClientCredentialsOptions.Section).Bind(options));
        services.TryAddSingleton<ClientCredentialsTokenCache>();
        services.AddHttpClient(ClientCredentialsTokenCache.HttpClientName);
        services.AddHttpClient();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, OutboxHttpClientOptions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpStandardResilienceOptions>, OutboxHttpClientOptions>());

        services.TryAddSingleton<OutboxRelay<TDb>>();
        services.TryAddSingleton<IOutboxRelay>(sp => sp.GetRequiredService<OutboxRelay<TDb>>());
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay<TDb>>());
        return builder;
    }
}

/// <summary>Settings of the outbox relay (<c>Outbox:*</c>).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>False leaves delivery to explicit <see cref="IOutboxRelay.DeliverDueAsync"/> calls (tests, tools).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long the relay sleeps when nothing nudged it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows claimed per pass.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How long one delivery may take before it counts as failed and is retried later.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first retry's delay; each further failure doubles it.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Configures every <c>outbox:&lt;destination&gt;</c> client as AddTypedClient + AddClientCredentialsToken would, but
/// without the standard handler's retries: the Idempotency-Key would let it retry the POST three times within one
/// pass, while the relay's own backoff (across passes, surviving restarts) is the retry that counts.
/// </summary>
internal sealed class OutboxHttpClientOptions : IConfigureNamedOptions<HttpClientFactoryOptions>, IConfigureNamedOptions<HttpStandardResilienceOptions>
{
    public void Configure(string? name, HttpStandardResilienceOptions options)
    {
        if (name is not null && name.StartsWith(OutboxExtensions.HttpClientPrefix, StringComparison.Ordinal))
        {
            options.Retry.ShouldHandle = static _ => ValueTask.FromResult(false);
        }
    }

    public void Configure(HttpStandardResilienceOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        if (name is null || !name.StartsWith(OutboxExtensions.HttpClientPrefix, StringComparison.Ordinal))
        {
            return;
        }
        var destination = name[OutboxExtensions.HttpClientPrefix.Length..];
        options.HttpClientActions.Add(client => client.BaseAddress = new Uri($"http://{destination}"));
        options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.AdditionalHandlers.Add(
            new ClientCredentialsTokenHandler(handlers.Services.GetRequiredService<ClientCredentialsTokenCache>(), destination)));
    }

    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
}
