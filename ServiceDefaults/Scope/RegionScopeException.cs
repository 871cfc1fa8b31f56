namespace Platform.ServiceDefaults.Scope;

/// <summary>
/// A write would add, change or remove a region-scoped record outside the caller's region and below. The caller
/// middleware answers it with 403; nothing was saved.
/// </summary>
public sealed class RegionScopeException(string entityType, string? regionCode, Caller caller)
    : Exception($"{caller} may not write {entityType} of region '{regionCode ?? "(none)"}'.")
{
    public string EntityType { get; } = entityType;

    public string? RegionCode { get; } = regionCode;
}
