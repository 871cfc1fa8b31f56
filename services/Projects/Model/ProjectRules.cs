using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Model;

/// <summary>
/// A region's settings for the 项目库: the ex-ante trigger and the pass mark. A region without its own row inherits the
/// nearest ancestor's (county → city → province), and the defaults of DOMAIN.md apply where no region above has one.
/// </summary>
public sealed class ProjectRules : IRegionScoped
{
    public required string RegionCode { get; set; }

    public decimal ExAnteThreshold { get; set; }

    public bool ExAnteNewOnly { get; set; }

    public List<string> ExAnteKinds { get; set; } = [];

    public List<string> ExAnteFundingSources { get; set; } = [];

    public decimal PassMark { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    public uint Version { get; set; }

    public ExAnteRule ExAnteRule => new(ExAnteThreshold, ExAnteNewOnly, ExAnteKinds, ExAnteFundingSources);
}
