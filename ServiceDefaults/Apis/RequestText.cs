namespace Platform.ServiceDefaults.Apis;

/// <summary>Free text of a request as the services store it and search with it.</summary>
public static class RequestText
{
    /// <summary>The text trimmed; null when it is missing or only white space.</summary>
    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// The (I)LIKE pattern of a search box: values containing <paramref name="text"/> (trimmed) literally, its
    /// <c>%</c>, <c>_</c> and <c>\</c> escaped with PostgreSQL's default escape character.
    /// </summary>
    public static string ContainsPattern(string text) => $"%{EscapeLike(text.Trim())}%";

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
