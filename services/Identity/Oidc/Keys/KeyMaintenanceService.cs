using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Platform.Identity.Oidc.Grants;

namespace Platform.Identity.Oidc.Keys;

/// <summary>
/// At start, before the replica serves: a Data Protection key and a signing key exist. Then every
/// <c>Identity:Keys:CheckInterval</c>: the next signing key is created when due, and expired codes, tokens and
/// sessions are deleted.
/// </summary>
public sealed class KeyMaintenanceService(
    DataProtectionKeyRepository dataProtectionKeys,
    IKeyManager keyManager,
    SigningKeyStore signingKeys,
    IServiceScopeFactory scopes,
    OidcOptions options,
    TimeProvider time,
    ILogger<KeyMaintenanceService> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await dataProtectionKeys.EnsureDefaultKeyAsync(keyManager, cancellationToken);
        await signingKeys.EnsureKeysAsync(cancellationToken);
        _loop = RunAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null)
        {
            return; // never started (the host failed to start)
        }
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>One round of the periodic work; public so tests can run it at a chosen (simulated) time.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await signingKeys.EnsureKeysAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<GrantStore>().DeleteExpiredAsync(cancellationToken);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.KeyCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await RunOnceAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Signing key rotation check failed; retrying in {Interval}", options.KeyCheckInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
