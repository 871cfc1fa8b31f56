namespace Platform.Targets.Model;

/// <summary>
/// A 三级 indicator of a set under its 一级/二级 levels (<see cref="Contracts.Targets.IndicatorLevels"/> codes). Its id is
/// kept across revisions, so that reviewers' comments stay with it when the filer revises the set.
/// </summary>
public sealed class Indicator
{
    public Guid Id { get; set; }

    public Guid SetId { get; set; }

    public int Ordinal { get; set; }

    public string Level1 { get; set; } = "";

    public string Level2 { get; set; } = "";

    public string Name { get; set; } = "";

    public string ValueKind { get; set; } = "";

    public string? Comparator { get; set; }

    public decimal? TargetValue { get; set; }

    public string? Unit { get; set; }

    public string Direction { get; set; } = Contracts.Targets.IndicatorDirections.Positive;

    public string? Explanation { get; set; }

    public string? DataSource { get; set; }

    public decimal Points { get; set; }

    public List<ScoringBand>? Bands { get; set; }

    public Guid? LibraryEntryId { get; set; }
}

/// <summary>A qualitative indicator's band: the share of its points (0..1) for the label.</summary>
public sealed record ScoringBand(string Label, decimal MinRatio, decimal MaxRatio);
