using System.Globalization;

namespace Platform.Projects.Model;

/// <summary>
/// Amounts in 元 as the database keeps them (numeric(18,2)): not negative, at most two decimals, at most 16 integer
/// digits. Screens show 万元; reports round rates half-up only for display.
/// </summary>
public static class Money
{
    public const decimal Max = 9_999_999_999_999_999.99m;

    /// <summary>The message a filer reads next to a malformed amount (the label is prepended).</summary>
    public const string FormatMessage = "应为不小于0的金额，最多两位小数";

    public static bool IsValid(decimal amount) => amount >= 0 && amount <= Max && decimal.Round(amount, 2) == amount;

    /// <summary>
    /// Parses an amount as a spreadsheet or form writes it ("3000000", "3,000,000.00", " 12.5 "); null when it is not
    /// a valid amount (text, negative, more than two decimals, too large).
    /// </summary>
    public static decimal? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
                CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }
        return IsValid(value) ? value : null;
    }

    /// <summary>元 → 万元 with two decimals, half-up (display only).</summary>
    public static decimal ToWan(decimal yuan) => decimal.Round(yuan / 10_000m, 2, MidpointRounding.AwayFromZero);

    /// <summary>"300.00万元" for messages.</summary>
    public static string FormatWan(decimal yuan) => ToWan(yuan).ToString("#,##0.00", CultureInfo.InvariantCulture) + "万元";
}
