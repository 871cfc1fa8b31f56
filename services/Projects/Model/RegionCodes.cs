namespace Platform.Projects.Model;

/// <summary>
/// The region tree read from GB/T 2260 codes alone (the projects service keeps no copy of identity's tree): a province
/// is <c>xx0000</c>, a city <c>xxxx00</c>, anything else (county, district, zone with a local code) is below a city.
/// </summary>
public static class RegionCodes
{
    public static bool IsWellFormed(string? code) => code is { Length: 6 } && code.All(char.IsAsciiDigit);

    public static bool IsProvince(string code) => code.EndsWith("0000", StringComparison.Ordinal);

    public static bool IsCity(string code) => !IsProvince(code) && code.EndsWith("00", StringComparison.Ordinal);

    /// <summary>The regions above <paramref name="code"/>, nearest first: 140322 → 140300, 140000.</summary>
    public static IReadOnlyList<string> Ancestors(string code)
    {
        if (!IsWellFormed(code) || IsProvince(code))
        {
            return [];
        }
        var province = code[..2] + "0000";
        return IsCity(code) ? [province] : [code[..4] + "00", province];
    }

    /// <summary>
    /// How many leading characters of a row's region code name its group one level below <paramref name="code"/>, for
    /// drill-down: below a province the cities (4 characters, padded "00": 140322 → 140300), below a city its counties
    /// (the full code; the city's own rows group under the city's code).
    /// </summary>
    public static int ChildPrefixLength(string code) => IsProvince(code) ? 4 : 6;

    /// <summary>The leading characters every code at or below <paramref name="code"/> shares: 14, 1403, 140322.</summary>
    public static string ScopePrefix(string code) => IsProvince(code) ? code[..2] : IsCity(code) ? code[..4] : code;
}
