using Platform.Contracts.Projects;
using Platform.ServiceDefaults.Problems;

namespace Platform.Projects.Model;

/// <summary>
/// The common ex-ante scoring scheme: five dimensions of 20 points each (100 in all), points from 0 to the maximum
/// with at most two decimals; a total at or above the region's pass mark passes (85 分含以上 → 通过).
/// </summary>
public static class ExAnteScoring
{
    public const decimal MaxPointsPerDimension = 20.00m;

    public const decimal DefaultPassMark = 85.00m;

    public static decimal MaxPoints(string dimension) => MaxPointsPerDimension;

    public static decimal MaxTotal => ExAnteDimensions.All.Sum(MaxPoints);

    /// <summary>Σ points given so far (missing points count 0).</summary>
    public static decimal Total(IEnumerable<decimal?> points) => points.Sum(p => p ?? 0m);

    /// <summary>Pass mark inclusive: 85.00 passes, 84.99 does not.</summary>
    public static bool Passes(decimal total, decimal passMark) => total >= passMark;

    public static bool IsValidPassMark(decimal passMark) => passMark > 0 && passMark <= MaxTotal && decimal.Round(passMark, 2) == passMark;

    /// <summary>
    /// Field errors (400) of a scoring form: each dimension known and given once, points between 0 and its maximum
    /// with at most two decimals, comment and evidence of sensible length.
    /// </summary>
    public static FieldErrors Validate(IReadOnlyList<ExAnteScoreDto> scores)
    {
        var errors = new FieldErrors();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scores.Count; i++)
        {
            var score = scores[i];
            var field = $"scores[{i}]";
            if (score is null)
            {
                errors.Add(field, "required", "评分项不能为空");
                continue;
            }
            if (!ExAnteDimensions.All.Contains(score.Dimension))
            {
                errors.Add($"{field}.dimension", "invalid_dimension",
                    $"评分维度只能是：{string.Join("、", ExAnteDimensions.All.Select(d => $"{d}（{ExAnteDimensions.DisplayName(d)}）"))}");
                continue;
            }
            if (!seen.Add(score.Dimension))
            {
                errors.Add($"{field}.dimension", "duplicate", $"评分维度“{ExAnteDimensions.DisplayName(score.Dimension)}”重复");
            }
            var max = MaxPoints(score.Dimension);
            if (score.Points is { } points && (points < 0 || points > max || decimal.Round(points, 2) != points))
            {
                errors.Add($"{field}.points", "out_of_range", $"{ExAnteDimensions.DisplayName(score.Dimension)}得分应在0到{max:0.##}之间，最多两位小数");
            }
            errors.MaxLength($"{field}.comment", score.Comment, 2000, "评分意见")
                .MaxLength($"{field}.evidence", score.Evidence, 2000, "评分依据");
        }
        return errors;
    }

    /// <summary>The dimensions not yet scored, for completing an assessment.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<(string Dimension, decimal? Points)> scores)
    {
        var given = scores.Where(s => s.Points is not null).Select(s => s.Dimension).ToHashSet(StringComparer.Ordinal);
        return ExAnteDimensions.All.Where(d => !given.Contains(d)).ToList();
    }
}
