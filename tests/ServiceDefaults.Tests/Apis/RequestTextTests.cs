using Platform.ServiceDefaults.Apis;

namespace Platform.ServiceDefaults.Tests.Apis;

public sealed class RequestTextTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("  \t", null)]
    [InlineData("  同意批复 ", "同意批复")]
    public void Blank_text_is_null_and_other_text_is_trimmed(string? value, string? expected) =>
        Assert.Equal(expected, RequestText.NullIfBlank(value));

    [Theory]
    [InlineData(" 饮水 ", "%饮水%")]
    [InlineData("100%_达标", @"%100\%\_达标%")]
    [InlineData(@"a\b", @"%a\\b%")]
    public void A_search_pattern_matches_the_text_literally(string text, string expected) =>
        Assert.Equal(expected, RequestText.ContainsPattern(text));

    [Theory]
    [InlineData("饮水安全", false)]
    [InlineData("2027年 垃圾", false)]
    [InlineData("PPP项目", true)]
    [InlineData("x", true)]
    public void Only_text_with_cased_letters_needs_a_case_insensitive_search(string text, bool cased) =>
        Assert.Equal(cased, RequestText.HasLetterCase(text));
}
