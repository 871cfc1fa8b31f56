using Platform.ServiceDefaults.Scope;

namespace Platform.Projects.Model;

/// <summary>
/// A result application (结果应用) an evaluation decided for a project: the budget link of its grade. Kept per project
/// code, so a CANCEL also reaches a later year's copy filed under the same code.
/// </summary>
public sealed class ResultApplication : IRegionScoped
{
    public Guid Id { get; set; }

    public Guid ProjectId { get; set; }

    public required string ProjectCode { get; set; }

    public required string RegionCode { get; set; }

    public int Year { get; set; }

    public required string Grade { get; set; }

    public required string Decision { get; set; }

    public decimal? ReductionRate { get; set; }

    public string? Reason { get; set; }

    public required string EvaluationRef { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
