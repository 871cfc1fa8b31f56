using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts.Json;

namespace Platform.Contracts.Http;

/// <summary>
/// The calling service's client-credentials access tokens, one per scope (the target service), cached until shortly
/// before they expire. One refresh per scope is in flight at a time; concurrent callers wait for it instead of each
/// asking the identity provider. If a refresh fails while the old token is still valid, the old token is used.
/// </summary>
public sealed class ClientCredentialsTokenCache(
    IHttpClientFactory httpClientFactory,
    IOptions<ClientCredentialsOptions> options,
    TimeProvider timeProvider,
    ILogger<ClientCredentialsTokenCache> logger)
{
    /// <summary>Name of the HttpClient that talks to the token endpoint.</summary>
    public const string HttpClientName = "platform-token-endpoint";

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public async ValueTask<AccessToken> GetTokenAsync(string scope, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(scope, static _ => new Slot());
        if (slot.Token is { } cached && !NeedsRefresh(cached))
        {
            return cached;
        }
        await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (slot.Token is { } current && !NeedsRefresh(current))
            {
                return current;
            }
            try
            {
                slot.Token = await RequestAsync(scope, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or ApiException && slot.Token is { } stale && stale.ExpiresAt > timeProvider.GetUtcNow())
            {
                logger.LogWarning(ex, "Refreshing the access token for {Scope} failed; using the current one until it expires at {ExpiresAt}", scope, stale.ExpiresAt);
                return stale;
            }
            return slot.Token;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Drops <paramref name="token"/> (a callee rejected it) so the next call fetches a new one.</summary>
    public void Invalidate(string scope, AccessToken token)
    {
        if (_slots.TryGetValue(scope, out var slot))
        {
            Interlocked.CompareExchange(ref slot.Token, null, token);
        }
    }

    private bool NeedsRefresh(AccessToken token)
    {
        var margin = TimeSpan.FromTicks(Math.Min(options.Value.RefreshBeforeExpiry.Ticks, token.Lifetime.Ticks / 2));
        return timeProvider.GetUtcNow() >= token.ExpiresAt - margin;
    }

    private async Task<AccessToken> RequestAsync(string scope, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenEndpoint())
        {
            Content = new FormUrlEncodedContent([
                new("grant_type", "client_credentials"),
                new("scope", scope),
            ]),
        };
        // client_secret_basic: RFC 6749 §2.3.1 form-encodes id and secret before joining them.
        var credentials = $"{Uri.EscapeDataString(settings.ClientId!)}:{Uri.EscapeDataString(settings.ClientSecret!)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        // Asking again for a token has no side effect, so the resilience handler may retry it.
        request.AllowRetry();

        var issuedAt = timeProvider.GetUtcNow();
        using var response = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ApiException.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>(ApiJson.Options, cancellationToken).ConfigureAwait(false);
        if (body is not { AccessToken.Length: > 0, ExpiresIn: > 0 })
        {
            throw new HttpRequestException($"The token endpoint answered without an access token or its lifetime for scope '{scope}'.");
        }
        var lifetime = TimeSpan.FromSeconds(body.ExpiresIn);
        logger.LogDebug("Obtained an access token for {Scope} valid for {Lifetime}", scope, lifetime);
        return new AccessToken(body.AccessToken, issuedAt + lifetime, lifetime);
    }

    private sealed class Slot
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public AccessToken? Token;
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("token_type")] string? TokenType);
}

/// <summary>An access token and when it stops being valid.</summary>
public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt, TimeSpan Lifetime)
{
    public override string ToString() => $"AccessToken(expires {ExpiresAt:O})";
}
