namespace Platform.Hosting.Logging;

/// <summary>One captured console line of a resource.</summary>
public sealed record LogLine(long Sequence, DateTimeOffset Timestamp, string Text, bool IsError, int Replica);

/// <summary>
/// The last N console lines of a resource (the dashboard keeps 10,000 like Aspire's), readable from a sequence
/// number so pollers and streams get each line once.
/// </summary>
public sealed class LogBuffer(int capacity = LogBuffer.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    private readonly LogLine[] _lines = new LogLine[capacity];
    private readonly Lock _sync = new();
    private long _next;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Capacity => _lines.Length;

    public void Add(string text, bool isError, int replica = 0)
    {
        TaskCompletionSource changed;
        lock (_sync)
        {
            _lines[_next % _lines.Length] = new LogLine(_next, DateTimeOffset.UtcNow, text, isError, replica);
            _next++;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    /// <summary>Lines with a sequence number of at least <paramref name="fromSequence"/> still in the buffer.</summary>
    public IReadOnlyList<LogLine> Read(long fromSequence = 0)
    {
        lock (_sync)
        {
            return ReadLocked(fromSequence);
        }
    }

    public IReadOnlyList<string> Tail(int count)
    {
        lock (_sync)
        {
            return ReadLocked(Math.Max(0, _next - count)).Select(l => l.Text).ToList();
        }
    }

    private List<LogLine> ReadLocked(long fromSequence)
    {
        var first = Math.Max(fromSequence, Math.Max(0, _next - _lines.Length));
        var result = new List<LogLine>((int)Math.Max(0, _next - first));
        for (var sequence = first; sequence < _next; sequence++)
        {
            result.Add(_lines[sequence % _lines.Length]);
        }
        return result;
    }

    /// <summary>Completes when a line is added after this call.</summary>
    public Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return _changed.Task.WaitAsync(cancellationToken);
        }
    }
}
