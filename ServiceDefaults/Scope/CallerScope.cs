namespace Platform.ServiceDefaults.Scope;

/// <summary>
/// The ambient caller of the current logical flow (an <see cref="AsyncLocal{T}"/>): set for each request by the caller
/// middleware, or by <see cref="BeginSystem"/> around background work. DbContexts read it at query time, which is what
/// lets pooled contexts serve callers of different regions one after another.
/// </summary>
public static class CallerScope
{
    private static readonly AsyncLocal<Caller?> Ambient = new();

    /// <summary>The caller of this flow; null when nobody set one (then scoped data is invisible).</summary>
    public static Caller? Current => Ambient.Value;

    /// <summary>Makes <paramref name="caller"/> current until the returned scope is disposed.</summary>
    public static IDisposable Begin(Caller caller)
    {
        var previous = Ambient.Value;
        Ambient.Value = caller;
        return new Restore(previous);
    }

    /// <summary>Runs the enclosed work as the system: unrestricted, for seeding, relays and other background work.</summary>
    public static IDisposable BeginSystem() => Begin(Caller.System);

    private sealed class Restore(Caller? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                Ambient.Value = previous;
            }
        }
    }
}
