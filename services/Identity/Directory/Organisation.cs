using Platform.ServiceDefaults.Scope;

namespace Platform.Identity.Directory;

/// <summary>
/// A finance bureau or one of its offices, a budget department or unit, an agency, a 人大 or 审计 body
/// (<see cref="Platform.Contracts.Identity.OrganisationKinds"/>), in one region.
/// </summary>
public sealed class Organisation : IRegionScoped
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string Kind { get; set; }

    public required string RegionCode { get; set; }

    public Guid? ParentId { get; set; }

    /// <summary>统一社会信用代码, when known.</summary>
    public string? CreditCode { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}
