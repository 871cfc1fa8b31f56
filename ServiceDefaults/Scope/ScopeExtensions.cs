namespace Platform.ServiceDefaults.Scope;

public static class ScopeExtensions
{
    /// <summary>
    /// The request's <see cref="Caller"/> as a scoped service, so an endpoint declares <c>Caller caller</c>; outside a
    /// request it is whoever <see cref="CallerScope"/> holds (the system in background work), or nobody.
    /// </summary>
    public static IServiceCollection AddCallerScope(this IServiceCollection services) =>
        services.AddScoped(_ => CallerScope.Current ?? Caller.Anonymous);
}
