using System.Security.Cryptography;

namespace Platform.Hosting;

/// <summary>
/// Generated passwords. Look-alike characters (I, O, l, 0, 1) are left out, and the only symbols are '-', '.' and
/// '_': unreserved in URLs, and needing no quoting in connection strings, config files or shells.
/// </summary>
public static class SecretGenerator
{
    public const string Lower = "abcdefghijkmnopqrstuvwxyz";
    public const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    public const string Digits = "23456789";
    public const string Symbols = "-._";

    /// <summary>Letters and digits only.</summary>
    public static string Password(int length = 24) => RandomNumberGenerator.GetString(Upper + Lower + Digits, length);

    /// <summary>At least <see cref="GenerateParameterDefault.MinLength"/> characters with the minimum of each class, in random order.</summary>
    public static string Password(GenerateParameterDefault rules)
    {
        var required = new List<char>();
        void Take(string alphabet, int count) => required.AddRange(RandomNumberGenerator.GetItems<char>(alphabet, count));
        Take(Lower, rules.MinLower);
        Take(Upper, rules.MinUpper);
        Take(Digits, rules.MinNumeric);
        Take(Symbols, rules.MinSpecial);
        var any = Upper + Lower + Digits + (rules.MinSpecial > 0 ? Symbols : "");
        Take(any, Math.Max(0, rules.MinLength - required.Count));
        var characters = required.ToArray();
        RandomNumberGenerator.Shuffle<char>(characters);
        return new string(characters);
    }
}

/// <summary>How a parameter's value is generated when configuration gives none (Aspire's <c>GenerateParameterDefault</c>).</summary>
public sealed record GenerateParameterDefault
{
    public int MinLength { get; init; } = 24;

    public int MinLower { get; init; }

    public int MinUpper { get; init; }

    public int MinNumeric { get; init; }

    /// <summary>Symbols from <see cref="SecretGenerator.Symbols"/>; 0 = letters and digits only.</summary>
    public int MinSpecial { get; init; }

    public string Generate() => SecretGenerator.Password(this);
}
