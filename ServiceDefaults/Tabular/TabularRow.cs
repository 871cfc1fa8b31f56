namespace Platform.ServiceDefaults.Tabular;

/// <summary>
/// One data row of an uploaded table: its row number as the user sees it in Excel (the header is row 1) and its cells
/// by header text (trimmed). Every header is a key; a blank cell is null.
/// </summary>
public sealed record TabularRow(int RowNumber, IReadOnlyDictionary<string, string?> Cells)
{
    /// <summary>The cell under <paramref name="header"/>, trimmed; null when blank or when the file has no such column.</summary>
    public string? this[string header] => Cells.TryGetValue(header, out var value) ? value : null;
}

/// <summary>The uploaded file cannot be read as a table; the message says why, in Chinese, for the user.</summary>
public sealed class TabularFormatException : Exception
{
    public const string Code = "file_unreadable";

    public TabularFormatException(string message)
        : base(message)
    {
    }

    public TabularFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
