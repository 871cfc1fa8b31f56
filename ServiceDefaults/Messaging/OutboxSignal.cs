namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// Wakes the relay of this process as soon as an enqueued message is committed, so delivery does not wait for the
/// next poll. A nudge while the relay is busy is kept for its next wait.
/// </summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _nudges = new(0, 1);

    public void Notify()
    {
        try
        {
            _nudges.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already nudged: one pending wake-up covers any number of messages.
        }
    }

    /// <summary>Returns when nudged or after <paramref name="timeout"/>, whichever comes first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _nudges.WaitAsync(timeout, cancellationToken);
}
