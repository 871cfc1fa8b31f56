using System.Security.Claims;

namespace Platform.ServiceDefaults.Scope;

/// <summary>
/// The ambient caller of the current logical flow (an <see cref="AsyncLocal{T}"/>): set for each request by the caller
/// middleware, or by <see cref="BeginSystem"/> around background work. DbContexts read it at query time, which is what
/// lets pooled contexts serve callers of different regions one after another.
/// </summary>
public static class CallerScope
{
    private static readonly AsyncLocal<Entry?> Ambient = new();

    /// <summary>The caller of this flow; null when nobody set one (then scoped data is invisible).</summary>
    public static Caller? Current => Ambient.Value?.Caller;

    /// <summary>Makes <paramref name="caller"/> current until the returned scope is disposed.</summary>
    public static IDisposable Begin(Caller caller) => Push(new Entry(caller));

    /// <summary>
    /// Makes the caller of <paramref name="principal"/> current, read from its claims only when something asks: a
    /// request that touches no scoped data (every request the gateway forwards) pays nothing for it.
    /// </summary>
    public static IDisposable Begin(ClaimsPrincipal principal) => Push(new Entry(principal));

    /// <summary>Runs the enclosed work as the system: unrestricted, for seeding, relays and other background work.</summary>
    public static IDisposable BeginSystem() => Begin(Caller.System);

    private static Restore Push(Entry entry)
    {
        var previous = Ambient.Value;
        Ambient.Value = entry;
        return new Restore(previous);
    }

    private sealed class Entry
    {
        private readonly ClaimsPrincipal? _principal;
        private Caller? _caller;

        public Entry(Caller caller) => _caller = caller;

        public Entry(ClaimsPrincipal principal) => _principal = principal;

        // Racing first reads compute the same immutable value; either may win.
        public Caller Caller => _caller ??= Caller.FromPrincipal(_principal);
    }

    private sealed class Restore(Entry? previous) : IDisposable
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
