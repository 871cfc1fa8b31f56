namespace Platform.Gateway.Forwarding;

/// <summary>
/// One request's cancellation: the client going away, or no progress (no bytes read or written either
/// way) for the cluster's <c>ActivityTimeout</c>. Each successful read or write calls
/// <see cref="Reset"/>, so a long but live stream never times out.
/// </summary>
internal sealed class ActivityTimeout : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly CancellationToken _clientAborted;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenRegistration _registration;

    public ActivityTimeout(CancellationToken clientAborted, TimeSpan timeout)
    {
        _clientAborted = clientAborted;
        _timeout = timeout;
        _registration = clientAborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _source);
        _source.CancelAfter(timeout);
    }

    public CancellationToken Token => _source.Token;

    public bool ClientAborted => _clientAborted.IsCancellationRequested;

    public bool TimedOut => _source.IsCancellationRequested && !_clientAborted.IsCancellationRequested;

    public void Reset()
    {
        try
        {
            _source.CancelAfter(_timeout);
        }
        catch (ObjectDisposedException)
        {
            // A body copy can finish after the request completed; there is nothing left to time out.
        }
    }

    /// <summary>Stops the upstream exchange now (the client stopped reading).</summary>
    public void Cancel()
    {
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _registration.Dispose();
        _source.Dispose();
    }
}
