using Platform.ServiceDefaults.Problems;
using Platform.Targets.Model;

namespace Platform.Targets.Tests.Rules;

public sealed class IndicatorRulesTests
{
    private static Indicator Quantitative(string name, decimal points, string level1 = "output", string level2 = "quantity", string? unit = "人次") => new()
    {
        Id = Guid.NewGuid(), Level1 = level1, Level2 = level2, Name = name, ValueKind = "quantitative",
        Comparator = ">=", TargetValue = 100, Unit = unit, Direction = "positive", Points = points,
    };

    private static Indicator Qualitative(string name, decimal points, params ScoringBand[] bands) => new()
    {
        Id = Guid.NewGuid(), Level1 = "benefit", Level2 = "social", Name = name, ValueKind = "qualitative", Direction = "positive",
        Points = points, Bands = [.. bands],
    };

    private static readonly ScoringBand[] FullBands = [new("达成", 0.8m, 1m), new("部分达成", 0.5m, 0.8m), new("未达成", 0m, 0.5m)];

    private static IDictionary<string, string[]> Submit(params Indicator[] indicators) =>
        IndicatorRules.CheckForSubmit(indicators, new FieldErrors()).Codes;

    [Theory]
    [InlineData("60.00", "40.00", true)]
    [InlineData("59.99", "40.00", false)]
    [InlineData("60.01", "40.00", false)]
    [InlineData("33.33", "66.67", true)]
    [InlineData("33.33", "66.66", false)]
    public void Points_must_sum_to_exactly_100_00(string output, string benefit, bool valid)
    {
        var codes = Submit(Quantitative("培训人次", decimal.Parse(output)), Qualitative("满意提升", decimal.Parse(benefit), FullBands));

        Assert.Equal(valid, !codes.ContainsKey("indicators"));
        if (!valid)
        {
            Assert.Contains("points_total", codes["indicators"]);
        }
    }

    [Theory]
    [InlineData("100.00", true)]
    [InlineData("99.99", false)]
    [InlineData("100.01", false)]
    public void PointsRule_accepts_100_00_only(string total, bool complete) =>
        Assert.Equal(complete, PointsRule.IsComplete(decimal.Parse(total)));

    [Fact]
    public void A_set_needs_an_output_and_a_benefit_indicator()
    {
        var codes = Submit(Quantitative("培训人次", 50), Quantitative("合格率", 50, "output", "quality", "%"));

        Assert.Contains("benefit_missing", codes["indicators"]);
        Assert.DoesNotContain("output_missing", codes["indicators"]);
    }

    [Theory]
    [InlineData("output", "quantity", true)]
    [InlineData("output", "social", false)]
    [InlineData("benefit", "quantity", false)]
    [InlineData("benefit", "sustainable", true)]
    [InlineData("satisfaction", "beneficiary", true)]
    [InlineData("satisfaction", "quality", false)]
    [InlineData("cost", "economic", true)]
    [InlineData("cost", "timeliness", false)]
    public void Level2_must_belong_to_its_level1(string level1, string level2, bool valid)
    {
        var indicator = Quantitative("指标", 10, level1, level2);

        var shape = IndicatorRules.CheckShape([indicator], new FieldErrors()).Codes;

        Assert.Equal(valid, !shape.ContainsKey("indicators[0].level2"));
        if (!valid)
        {
            Assert.Equal(["invalid_level2"], shape["indicators[0].level2"]);
        }
    }

    [Fact]
    public void Unknown_level1_is_malformed()
    {
        var shape = IndicatorRules.CheckShape([Quantitative("指标", 10, "impact", "quantity")], new FieldErrors()).Codes;

        Assert.Equal(["invalid_level1"], shape["indicators[0].level1"]);
    }

    [Theory]
    [InlineData("人次", true)]
    [InlineData("%", true)]
    [InlineData("无", true)]
    [InlineData(null, false)]
    [InlineData("  ", false)]
    public void A_quantitative_indicator_needs_a_unit_or_an_explicit_none(string? unit, bool valid)
    {
        var codes = Submit(Quantitative("培训人次", 60, unit: unit), Qualitative("满意提升", 40, FullBands));

        Assert.Equal(valid, !codes.ContainsKey("indicators[0].unit"));
    }

    [Fact]
    public void A_quantitative_indicator_needs_comparator_and_value()
    {
        var indicator = Quantitative("培训人次", 60);
        indicator.Comparator = null;
        indicator.TargetValue = null;

        var codes = Submit(indicator, Qualitative("满意提升", 40, FullBands));

        Assert.Equal(["required"], codes["indicators[0].comparator"]);
        Assert.Equal(["required"], codes["indicators[0].targetValue"]);
    }

    [Fact]
    public void Bands_covering_0_to_1_without_gap_or_overlap_are_accepted() =>
        Assert.Null(IndicatorRules.CheckBands(FullBands));

    [Fact]
    public void Bands_with_a_gap_are_refused()
    {
        var result = IndicatorRules.CheckBands([new("达成", 0.8m, 1m), new("部分达成", 0.5m, 0.79m), new("未达成", 0m, 0.5m)]);

        Assert.Equal("bands_gap", result?.Code);
    }

    [Fact]
    public void Bands_with_an_overlap_are_refused()
    {
        var result = IndicatorRules.CheckBands([new("达成", 0.8m, 1m), new("部分达成", 0.5m, 0.81m), new("未达成", 0m, 0.5m)]);

        Assert.Equal("bands_overlap", result?.Code);
    }

    [Theory]
    [InlineData("0.01", "1")]
    [InlineData("0", "0.99")]
    public void Bands_that_do_not_reach_0_or_1_are_refused(string min, string max)
    {
        var result = IndicatorRules.CheckBands([new("达成", 0.5m, decimal.Parse(max)), new("未达成", decimal.Parse(min), 0.5m)]);

        Assert.Equal("bands_incomplete", result?.Code);
    }

    [Fact]
    public void A_qualitative_indicator_without_bands_is_refused_at_submit()
    {
        var codes = Submit(Quantitative("培训人次", 60), Qualitative("满意提升", 40));

        Assert.Equal(["bands_missing"], codes["indicators[1].bands"]);
    }

    [Fact]
    public void Indicator_names_are_unique_within_a_set()
    {
        var codes = Submit(Quantitative("培训人次", 30), Quantitative("培训人次", 30), Qualitative("满意提升", 40, FullBands));

        Assert.Equal(["duplicate_name"], codes["indicators[1].name"]);
    }

    [Fact]
    public void Each_indicator_needs_positive_points()
    {
        var codes = Submit(Quantitative("培训人次", 100), Qualitative("满意提升", 0, FullBands));

        Assert.Equal(["points_not_positive"], codes["indicators[1].points"]);
    }

    [Theory]
    [InlineData("10.5", false)]
    [InlineData("10.25", false)]
    [InlineData("10.255", true)]
    [InlineData("-1", true)]
    [InlineData("100.01", true)]
    public void Points_with_more_than_two_decimals_or_out_of_range_are_malformed(string points, bool malformed)
    {
        var shape = IndicatorRules.CheckShape([Quantitative("培训人次", decimal.Parse(points))], new FieldErrors()).Codes;

        Assert.Equal(malformed, shape.ContainsKey("indicators[0].points"));
    }

    [Fact]
    public void A_draft_may_be_incomplete_but_not_malformed()
    {
        var incomplete = new Indicator { Id = Guid.NewGuid(), Level1 = "output", Level2 = "quantity", ValueKind = "quantitative", Direction = "positive" };

        Assert.False(IndicatorRules.CheckShape([incomplete], new FieldErrors()).HasErrors);
        Assert.True(IndicatorRules.CheckForSubmit([incomplete], new FieldErrors()).HasErrors);
    }

    [Theory]
    [InlineData("140322", "140322")]
    [InlineData("140300", "1403")]
    [InlineData("140000", "14")]
    public void Region_prefix_follows_the_code(string code, string prefix) => Assert.Equal(prefix, Regions.PrefixOf(code));

    [Fact]
    public void Regions_above_a_county_are_its_city_and_province() =>
        Assert.Equal(["140322", "140300", "140000"], Regions.SelfAndAncestors("140322"));
}
