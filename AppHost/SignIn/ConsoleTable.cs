using System.Globalization;
using System.Text;

namespace Platform.AppHost.SignIn;

/// <summary>Rows as aligned columns for a terminal, where a Chinese character takes two cells.</summary>
public static class ConsoleTable
{
    private const string Gap = "  ";

    public static IReadOnlyList<string> Format(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns)
            .Select(c => rows.Where(r => c < r.Count).Select(r => DisplayWidth(r[c])).DefaultIfEmpty(0).Max())
            .ToArray();
        return rows.Select(row =>
        {
            var line = new StringBuilder();
            for (var c = 0; c < row.Count; c++)
            {
                line.Append(row[c]);
                if (c < row.Count - 1)
                {
                    line.Append(' ', widths[c] - DisplayWidth(row[c])).Append(Gap);
                }
            }
            return line.ToString();
        }).ToList();
    }

    /// <summary>Terminal cells: East Asian wide and full-width characters take two.</summary>
    public static int DisplayWidth(string text)
    {
        var width = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var rune = Rune.GetRuneAt((string)elements.Current, 0);
            width += IsWide(rune.Value) ? 2 : 1;
        }
        return width;
    }

    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F
            or >= 0x2E80 and <= 0x303E
            or >= 0x3041 and <= 0x33FF
            or >= 0x3400 and <= 0x4DBF
            or >= 0x4E00 and <= 0x9FFF
            or >= 0xA000 and <= 0xA4CF
            or >= 0xAC00 and <= 0xD7A3
            or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F
            or >= 0xFF00 and <= 0xFF60
            or >= 0xFFE0 and <= 0xFFE6
            or >= 0x20000 and <= 0x3FFFD;
}
