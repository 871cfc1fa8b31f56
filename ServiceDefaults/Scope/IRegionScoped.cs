namespace Platform.ServiceDefaults.Scope;

/// <summary>
/// A record that belongs to a region. ServiceDbContext filters every such entity to the caller's region and below, so
/// "own region and below" is enforced in one place, not endpoint by endpoint.
/// </summary>
public interface IRegionScoped
{
    /// <summary>The region code (GB/T 2260 or a local code) the record belongs to.</summary>
    string RegionCode { get; }
}
