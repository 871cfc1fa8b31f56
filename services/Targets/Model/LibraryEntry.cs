using Platform.ServiceDefaults.Scope;

namespace Platform.Targets.Model;

/// <summary>
/// An entry of the indicator library (指标库) in one version: 共性 or 个性 (by sector and department), with 来源, 属性,
/// 单位, 解释. Editing a published entry creates the next version as a draft under the same <see cref="Code"/>.
/// </summary>
public sealed class LibraryEntry : IRegionScoped
{
    public Guid Id { get; set; }

    public required string Code { get; set; }

    public required string Scope { get; set; }

    public string? Sector { get; set; }

    public string? DepartmentId { get; set; }

    public string? DepartmentName { get; set; }

    public required string Level1 { get; set; }

    public required string Level2 { get; set; }

    public required string Name { get; set; }

    public required string ValueKind { get; set; }

    public string? Comparator { get; set; }

    public decimal? ReferenceValue { get; set; }

    public string? Unit { get; set; }

    public required string Direction { get; set; }

    public string? Explanation { get; set; }

    public string? Source { get; set; }

    public string? Attribute { get; set; }

    public int EntryVersion { get; set; } = 1;

    public string Status { get; set; } = Contracts.Targets.LibraryEntryStates.Draft;

    public required string RegionCode { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public uint Version { get; set; }
}

/// <summary>A template (精品样本): the indicators of an approved set, kept for others to start from.</summary>
public sealed class Template : IRegionScoped
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string OwnerType { get; set; }

    public string? Sector { get; set; }

    public Guid SourceSetId { get; set; }

    /// <summary>IndicatorDto[] JSON, without ids and comments.</summary>
    public required string Indicators { get; set; }

    public required string RegionCode { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
