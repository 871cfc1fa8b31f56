using Platform.Projects.Model;

namespace Platform.Projects.Tests.Model;

public class MoneyAndCodesTests
{
    [Theory]
    [InlineData("0", true)]
    [InlineData("0.01", true)]
    [InlineData("3000000.00", true)]
    [InlineData("9999999999999999.99", true)]
    [InlineData("12.345", false)]
    [InlineData("-1", false)]
    [InlineData("-0.01", false)]
    [InlineData("10000000000000000.00", false)]
    public void Amounts_are_non_negative_with_at_most_two_decimals(string amount, bool valid) =>
        Assert.Equal(valid, Money.IsValid(decimal.Parse(amount)));

    [Theory]
    [InlineData("3000000", "3000000")]
    [InlineData("3,000,000.00", "3000000.00")]
    [InlineData(" 12.5 ", "12.5")]
    [InlineData("12.345", null)]
    [InlineData("abc", null)]
    [InlineData("-1", null)]
    [InlineData("", null)]
    [InlineData("1e6", null)]
    public void Amounts_parse_as_spreadsheets_write_them(string text, string? expected) =>
        Assert.Equal(expected is null ? null : decimal.Parse(expected), Money.Parse(text));

    [Fact]
    public void Wan_yuan_are_for_display_with_two_decimals_half_up()
    {
        Assert.Equal(300.00m, Money.ToWan(3_000_000.00m));
        Assert.Equal(0.01m, Money.ToWan(50.00m));
        Assert.Equal("1,000.00万元", Money.FormatWan(10_000_000m));
    }

    [Theory]
    [InlineData("140322", new[] { "140300", "140000" })]
    [InlineData("140300", new[] { "140000" })]
    [InlineData("140000", new string[0])]
    [InlineData("1403", new string[0])]
    public void A_region_s_ancestors_are_read_from_its_code(string code, string[] ancestors) =>
        Assert.Equal(ancestors, RegionCodes.Ancestors(code));

    [Theory]
    [InlineData("140000", 4)]
    [InlineData("140300", 6)]
    [InlineData("140322", 6)]
    public void Drill_down_groups_a_province_by_city_and_a_city_by_county(string parent, int length) =>
        Assert.Equal(length, RegionCodes.ChildPrefixLength(parent));

    [Theory]
    [InlineData("140000", "14")]
    [InlineData("140300", "1403")]
    [InlineData("140322", "140322")]
    public void The_scope_prefix_covers_the_region_and_below(string code, string prefix) =>
        Assert.Equal(prefix, RegionCodes.ScopePrefix(code));

    [Fact]
    public void Project_codes_carry_year_region_and_a_six_digit_number()
    {
        Assert.Equal("XM-2027-140322-000123", ProjectCode.Format(2027, "140322", 123));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProjectCode.Format(2027, "140322", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProjectCode.Format(2027, "140322", 1_000_000));
    }
}
