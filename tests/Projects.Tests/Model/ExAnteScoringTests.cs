using Platform.Contracts.Projects;
using Platform.Projects.Model;

namespace Platform.Projects.Tests.Model;

public class ExAnteScoringTests
{
    [Fact]
    public void Five_dimensions_of_20_points_make_100() => Assert.Equal(100.00m, ExAnteScoring.MaxTotal);

    [Theory]
    // DOMAIN.md: 17+17+17+17+17 = 85.00 → 通过; 84.99 → 不通过.
    [InlineData("85.00", true)]
    [InlineData("84.99", false)]
    [InlineData("100.00", true)]
    [InlineData("0", false)]
    public void The_pass_mark_is_inclusive(string total, bool passes) =>
        Assert.Equal(passes, ExAnteScoring.Passes(decimal.Parse(total), 85.00m));

    [Fact]
    public void Seventeen_points_in_each_dimension_total_85_and_pass()
    {
        var total = ExAnteScoring.Total([17m, 17m, 17m, 17m, 17m]);
        Assert.Equal(85.00m, total);
        Assert.True(ExAnteScoring.Passes(total, 85.00m));
        Assert.False(ExAnteScoring.Passes(ExAnteScoring.Total([17m, 17m, 17m, 17m, 16.99m]), 85.00m));
    }

    [Fact]
    public void Missing_points_count_as_zero_in_the_running_total() =>
        Assert.Equal(40.5m, ExAnteScoring.Total([20m, null, 20.5m, null, null]));

    [Theory]
    [InlineData("0", true)]
    [InlineData("20.00", true)]
    [InlineData("19.99", true)]
    [InlineData("20.01", false)]
    [InlineData("-0.01", false)]
    [InlineData("12.345", false)]
    public void Points_lie_between_0_and_the_dimension_maximum_with_two_decimals(string points, bool valid)
    {
        var errors = ExAnteScoring.Validate([Score(ExAnteDimensions.Necessity, decimal.Parse(points))]);
        Assert.Equal(!valid, errors.HasErrors);
        if (!valid)
        {
            Assert.Contains("scores[0].points", errors.Messages.Keys);
        }
    }

    [Fact]
    public void An_unknown_or_repeated_dimension_is_refused()
    {
        var errors = ExAnteScoring.Validate([Score("beauty", 10m), Score(ExAnteDimensions.Economy, 10m), Score(ExAnteDimensions.Economy, 11m)]);
        Assert.Equal(["invalid_dimension"], errors.Codes["scores[0].dimension"]);
        Assert.Equal(["duplicate"], errors.Codes["scores[2].dimension"]);
    }

    [Fact]
    public void Missing_lists_the_dimensions_without_points()
    {
        var missing = ExAnteScoring.Missing([(ExAnteDimensions.Necessity, 10m), (ExAnteDimensions.Economy, null)]);
        Assert.Equal([ExAnteDimensions.Economy, ExAnteDimensions.Targets, ExAnteDimensions.Feasibility, ExAnteDimensions.Compliance], missing);
    }

    [Theory]
    [InlineData("85.00", true)]
    [InlineData("100", true)]
    [InlineData("100.01", false)]
    [InlineData("0", false)]
    [InlineData("85.001", false)]
    public void A_pass_mark_is_above_0_and_at_most_100_with_two_decimals(string passMark, bool valid) =>
        Assert.Equal(valid, ExAnteScoring.IsValidPassMark(decimal.Parse(passMark)));

    private static ExAnteScoreDto Score(string dimension, decimal? points) =>
        new(dimension, ExAnteDimensions.DisplayName(dimension), 20m, points, null, null);
}
