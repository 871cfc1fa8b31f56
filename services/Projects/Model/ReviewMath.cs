namespace Platform.Projects.Model;

/// <summary>
/// The arithmetic of a joint budget review: 审减 = 送审 − 审定 (0 ≤ 审定 ≤ 送审), and a group's 审减率 =
/// Σ审减 / Σ送审, weighted by amount: the mean of per-project rates would let a small project's cut count as much as
/// a large one's (1,000 + 500 + 250 万 cut to 800 + 500 + 100 is 20.00 %, not 26.67 %).
/// </summary>
public static class ReviewMath
{
    public static decimal Reduction(decimal requested, decimal approved) => requested - approved;

    /// <summary>Whether 审定 may be set for 送审 (0 ≤ 审定 ≤ 送审).</summary>
    public static bool IsWithinRequested(decimal requested, decimal approved) => approved >= 0 && approved <= requested;

    /// <summary>The outcome of one project: all of it, part of it, or nothing.</summary>
    public static string Outcome(decimal requested, decimal approved) =>
        approved == 0 ? Contracts.Projects.ReviewOutcomes.NotSupported
        : approved == requested ? Contracts.Projects.ReviewOutcomes.Supported
        : Contracts.Projects.ReviewOutcomes.Reduced;

    /// <summary>Σ审减 / Σ送审 as a fraction with four decimals (0.2000 = 20.00 %), half-up; null when Σ送审 = 0.</summary>
    public static decimal? Rate(decimal totalReduction, decimal totalRequested) =>
        totalRequested == 0 ? null : decimal.Round(totalReduction / totalRequested, 4, MidpointRounding.AwayFromZero);

    /// <summary>A rate as a percentage with two decimals (20.00), half-up, for display.</summary>
    public static decimal? Percent(decimal? rate) => rate is { } r ? decimal.Round(r * 100m, 2, MidpointRounding.AwayFromZero) : null;

    /// <summary>Totals of decided items (送审, 审定): count, Σ送审, Σ审定, Σ审减, weighted rate.</summary>
    public static ReviewTotals Totals(IEnumerable<(decimal Requested, decimal Approved)> items)
    {
        int count = 0;
        decimal requested = 0, approved = 0;
        foreach (var item in items)
        {
            count++;
            requested += item.Requested;
            approved += item.Approved;
        }
        return ReviewTotals.Of(count, requested, approved);
    }
}

/// <summary>Count, Σ送审, Σ审定, Σ审减 and the weighted 审减率 of a group of reviewed projects.</summary>
public sealed record ReviewTotals(int Count, decimal Requested, decimal Approved, decimal Reduction, decimal? ReductionRate)
{
    public static ReviewTotals Of(int count, decimal requested, decimal approved)
    {
        var reduction = ReviewMath.Reduction(requested, approved);
        return new ReviewTotals(count, requested, approved, reduction, ReviewMath.Rate(reduction, requested));
    }
}
