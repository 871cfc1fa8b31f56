using Platform.ServiceDefaults.Scope;

namespace Platform.Identity.Directory;

/// <summary>
/// A node of the province's region tree: GB/T 2260 code (or a local code under its city for a development zone), name,
/// level (<see cref="Platform.Contracts.Identity.RegionLevels"/>) and parent.
/// </summary>
public sealed class Region : IRegionScoped
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string Level { get; set; }

    public string? ParentCode { get; set; }

    public bool IsLocalCode { get; set; }

    public int SortOrder { get; set; }

    string IRegionScoped.RegionCode => Code;
}
