using Platform.Contracts.Projects;
using Platform.Projects.Model;

namespace Platform.Projects.Tests.Model;

public class ReviewMathTests
{
    [Fact]
    public void The_batch_rate_is_weighted_by_amount_not_the_mean_of_project_rates()
    {
        // DOMAIN.md: 送审 1,000 + 500 + 250 万; 审定 800 + 500 + 100 → 审减 350 万, 20.00 % (the mean would be 26.67 %).
        (decimal Requested, decimal Approved)[] items =
        [
            (10_000_000.00m, 8_000_000.00m),
            (5_000_000.00m, 5_000_000.00m),
            (2_500_000.00m, 1_000_000.00m),
        ];
        var totals = ReviewMath.Totals(items);
        Assert.Equal(3, totals.Count);
        Assert.Equal(17_500_000.00m, totals.Requested);
        Assert.Equal(14_000_000.00m, totals.Approved);
        Assert.Equal(3_500_000.00m, totals.Reduction);
        Assert.Equal(0.2000m, totals.ReductionRate);
        Assert.Equal(20.00m, ReviewMath.Percent(totals.ReductionRate));

        var mean = items.Average(i => ReviewMath.Rate(ReviewMath.Reduction(i.Requested, i.Approved), i.Requested)!.Value);
        Assert.Equal(26.67m, ReviewMath.Percent(decimal.Round(mean, 4, MidpointRounding.AwayFromZero)));
        Assert.NotEqual(ReviewMath.Percent(totals.ReductionRate), ReviewMath.Percent(decimal.Round(mean, 4)));
    }

    [Theory]
    [InlineData("1000.00", "800.00", "200.00")]
    [InlineData("1000.00", "1000.00", "0")]
    [InlineData("1000.00", "0", "1000.00")]
    public void The_reduction_is_requested_minus_approved(string requested, string approved, string reduction) =>
        Assert.Equal(decimal.Parse(reduction), ReviewMath.Reduction(decimal.Parse(requested), decimal.Parse(approved)));

    [Theory]
    [InlineData("1000.00", "1000.00", true)]
    [InlineData("1000.00", "0", true)]
    [InlineData("1000.00", "1000.01", false)]
    [InlineData("1000.00", "-0.01", false)]
    public void The_approved_amount_lies_between_0_and_the_requested_amount(string requested, string approved, bool valid) =>
        Assert.Equal(valid, ReviewMath.IsWithinRequested(decimal.Parse(requested), decimal.Parse(approved)));

    [Theory]
    [InlineData("1000", "1000", ReviewOutcomes.Supported)]
    [InlineData("1000", "999.99", ReviewOutcomes.Reduced)]
    [InlineData("1000", "0.01", ReviewOutcomes.Reduced)]
    [InlineData("1000", "0", ReviewOutcomes.NotSupported)]
    public void The_outcome_follows_the_approved_amount(string requested, string approved, string outcome) =>
        Assert.Equal(outcome, ReviewMath.Outcome(decimal.Parse(requested), decimal.Parse(approved)));

    [Fact]
    public void No_requested_amount_has_no_rate()
    {
        Assert.Null(ReviewMath.Rate(0m, 0m));
        Assert.Null(ReviewMath.Totals([]).ReductionRate);
        Assert.Null(ReviewMath.Percent(null));
    }

    [Fact]
    public void Rates_round_half_up_only_for_display()
    {
        // 1 / 800 = 0.00125: half-up gives 0.0013 where banker's rounding would give 0.0012.
        Assert.Equal(0.0013m, ReviewMath.Rate(1m, 800m));
        // 1 / 3 = 33.33 %; 2 / 3 = 66.67 %.
        Assert.Equal(33.33m, ReviewMath.Percent(ReviewMath.Rate(1m, 3m)));
        Assert.Equal(66.67m, ReviewMath.Percent(ReviewMath.Rate(2m, 3m)));
    }
}
