namespace Platform.ServiceDefaults.Apis;

/// <summary>Free text of a request as the services store it and search with it.</summary>
public static class RequestText
{
    /// <summary>The text trimmed; null when it is missing or only white space.</summary>
    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// The escape character <see cref="ContainsPattern"/> uses; pass it to <c>EF.Functions.Like/ILike</c>, which otherwise
    /// switch escaping off (<c>ESCAPE ''</c>) and a typed % or _ would match anything.
    /// </summary>
    public const string LikeEscape = @"\";

    /// <summary>
    /// The (I)LIKE pattern of a search box: values containing <paramref name="text"/> (trimmed) literally, its
    /// <c>%</c>, <c>_</c> and <c>\</c> escaped with PostgreSQL's default escape character.
    /// </summary>
    public static string ContainsPattern(string text) => $"%{EscapeLike(text.Trim())}%";

    /// <summary>Whether <paramref name="text"/> holds a letter with an upper and a lower case (Latin, not Chinese): only then does ILIKE differ from LIKE.</summary>
    public static bool HasLetterCase(string text) => text.Any(c => char.ToUpperInvariant(c) != char.ToLowerInvariant(c));

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
