namespace Platform.Targets.Model;

/// <summary>GB/T 2260 region codes: a city is 1403 + 00, a province 14 + 0000.</summary>
public static class Regions
{
    /// <summary>
    /// The prefix every code at or below <paramref name="code"/> shares: 140000 → 14, 140300 → 1403, 140322 → 140322.
    /// </summary>
    public static string PrefixOf(string code)
    {
        if (code.Length != 6)
        {
            return code;
        }
        if (code.EndsWith("0000", StringComparison.Ordinal))
        {
            return code[..2];
        }
        return code.EndsWith("00", StringComparison.Ordinal) ? code[..4] : code;
    }

    /// <summary>The region itself, its city and its province (140322 → 140322, 140300, 140000), without repeats.</summary>
    public static IReadOnlyList<string> SelfAndAncestors(string code)
    {
        if (code.Length != 6)
        {
            return [code];
        }
        return new[] { code, code[..4] + "00", code[..2] + "0000" }.Distinct(StringComparer.Ordinal).ToList();
    }
}
