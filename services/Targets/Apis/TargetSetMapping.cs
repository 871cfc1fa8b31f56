using System.Text.Json;
using Platform.Contracts.Json;
using Platform.Contracts.Targets;
using Platform.ServiceDefaults.Apis;
using Platform.Targets.Model;

namespace Platform.Targets.Apis;

/// <summary>Entities to DTOs and back, by hand.</summary>
public static class TargetSetMapping
{
    public static TargetSetDto ToDto(TargetSet set, ILookup<Guid, ReviewCommentDto>? comments) => new(
        set.Id, set.OwnerType, set.ProjectId, set.OwnerName, set.Year, set.RegionCode, set.RegionName, set.DepartmentId,
        set.DepartmentName, set.UnitId, set.UnitName, set.Amount, set.OverallGoal, set.SetVersion, set.Revision, set.Status,
        set.IsKey, [.. set.Indicators.OrderBy(i => i.Ordinal).Select(i => ToDto(i, comments))],
        set.Indicators.Sum(i => i.Points), set.Version, set.UpdatedAt);

    /// <summary>
    /// The set as it is, with its review <paramref name="comments"/> (oldest first) under their indicators, frozen as the
    /// JSON snapshot of a revision.
    /// </summary>
    public static TargetSetRevision ToRevision(TargetSet set, IEnumerable<ReviewComment> comments, string reason) => new()
    {
        SetId = set.Id,
        LineageId = set.LineageId,
        RegionCode = set.RegionCode,
        SetVersion = set.SetVersion,
        Revision = set.Revision,
        Status = set.Status,
        Reason = reason,
        Snapshot = JsonSerializer.Serialize(
            ToDto(set, comments.ToLookup(c => c.IndicatorId ?? Guid.Empty, c => new ReviewCommentDto(c.Stage, c.Comment, c.ReviewerName, c.CreatedAt))),
            ApiJson.Options),
    };

    public static IndicatorDto ToDto(Indicator indicator, ILookup<Guid, ReviewCommentDto>? comments) => new(
        indicator.Id, indicator.Level1, indicator.Level2, indicator.Name, indicator.ValueKind, indicator.Comparator,
        indicator.TargetValue, indicator.Unit, indicator.Direction, indicator.Explanation, indicator.DataSource,
        indicator.Points, indicator.Bands?.Select(b => new ScoringBandDto(b.Label, b.MinRatio, b.MaxRatio)).ToList(),
        indicator.LibraryEntryId, comments is null ? null : [.. comments[indicator.Id]]);

    /// <summary>
    /// The indicators of a request as entities of <paramref name="setId"/>: ids of <paramref name="existing"/> ones are
    /// kept (their review comments stay with them), any other id is replaced by a new one. Text is trimmed; blanks are null.
    /// </summary>
    public static List<Indicator> ToEntities(IReadOnlyList<IndicatorDto?> indicators, Guid setId, IReadOnlySet<Guid> existing) =>
        [.. indicators.Select((dto, index) => ToEntity(dto, setId, index + 1, existing))];

    private static Indicator ToEntity(IndicatorDto? dto, Guid setId, int ordinal, IReadOnlySet<Guid> existing) => dto is null
        ? new Indicator { Id = Guid.CreateVersion7(), SetId = setId, Ordinal = ordinal }
        : new Indicator
        {
            Id = dto.Id is { } id && existing.Contains(id) ? id : Guid.CreateVersion7(),
            SetId = setId,
            Ordinal = ordinal,
            Level1 = dto.Level1?.Trim() ?? "",
            Level2 = dto.Level2?.Trim() ?? "",
            Name = dto.Name?.Trim() ?? "",
            ValueKind = dto.ValueKind?.Trim() ?? "",
            Comparator = RequestText.NullIfBlank(dto.Comparator),
            TargetValue = dto.TargetValue,
            Unit = RequestText.NullIfBlank(dto.Unit),
            Direction = RequestText.NullIfBlank(dto.Direction) ?? IndicatorDirections.Positive,
            Explanation = RequestText.NullIfBlank(dto.Explanation),
            DataSource = RequestText.NullIfBlank(dto.DataSource),
            Points = dto.Points,
            Bands = dto.Bands?.Select(b => b is null ? null! : new ScoringBand(b.Label?.Trim() ?? "", b.MinRatio, b.MaxRatio)).ToList(),
            LibraryEntryId = dto.LibraryEntryId,
        };

    /// <summary>A copy for another set (an adjustment's new version, a template applied): new ids, no comments.</summary>
    public static Indicator CopyFor(Indicator source, Guid setId, int ordinal) => new()
    {
        Id = Guid.CreateVersion7(),
        SetId = setId,
        Ordinal = ordinal,
        Level1 = source.Level1,
        Level2 = source.Level2,
        Name = source.Name,
        ValueKind = source.ValueKind,
        Comparator = source.Comparator,
        TargetValue = source.TargetValue,
        Unit = source.Unit,
        Direction = source.Direction,
        Explanation = source.Explanation,
        DataSource = source.DataSource,
        Points = source.Points,
        Bands = source.Bands?.ToList(),
        LibraryEntryId = source.LibraryEntryId,
    };
}
