using System.Runtime.CompilerServices;

namespace Platform.ServiceDefaults.Tabular;

/// <summary>
/// Reads an uploaded .csv or .xlsx file row by row. The first non-blank row is the header; each later non-blank row
/// becomes a <see cref="TabularRow"/> keyed by header text. CSV may be UTF-8 (with or without BOM) or GB18030, the
/// encoding Excel uses when a Chinese Windows saves "CSV"; xlsx is read as a stream (no DOM of the sheet), shared and
/// inline strings, numbers (as written, e.g. <c>1500000.5</c>; dates stay serial numbers) and booleans
/// (<c>TRUE</c>/<c>FALSE</c>).
/// </summary>
public static class TabularReader
{
    public static readonly IReadOnlyList<string> SupportedExtensions = [".csv", ".xlsx"];

    /// <exception cref="TabularFormatException">
    /// Thrown while enumerating: the file is not .csv/.xlsx, cannot be read as one, or has no usable header.
    /// </exception>
    public static async IAsyncEnumerable<TabularRow> ReadAsync(Stream stream, string fileName,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (!SupportedExtensions.Contains(extension))
        {
            throw new TabularFormatException(extension == ".xls"
                ? "不支持旧版Excel（.xls）文件，请在Excel中另存为.xlsx格式后重新上传"
                : "仅支持Excel（.xlsx）或CSV（.csv）文件，请检查文件格式后重新上传");
        }

        // Both formats are read twice over (encoding detection; zip directory): a request body is not seekable.
        Stream? copy = null;
        var source = stream;
        if (!stream.CanSeek)
        {
            copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await stream.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            source = copy;
        }
        try
        {
            using ITabularSource rows = extension == ".csv"
                ? await CsvSource.OpenAsync(source, cancellationToken)
                : XlsxSource.Open(source);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = await rows.NextAsync(cancellationToken);
                if (row is null)
                {
                    yield break;
                }
                yield return row;
            }
        }
        finally
        {
            if (copy is not null)
            {
                await copy.DisposeAsync();
            }
        }
    }
}

/// <summary>One format's rows; every failure other than cancellation surfaces as <see cref="TabularFormatException"/>.</summary>
internal interface ITabularSource : IDisposable
{
    ValueTask<TabularRow?> NextAsync(CancellationToken cancellationToken);
}

/// <summary>Turns positional cells into rows keyed by the header, which is the first non-blank row.</summary>
internal sealed class HeaderMap
{
    private Dictionary<int, string>? _headers;

    public bool HasHeader => _headers is not null;

    /// <summary>Takes <paramref name="cells"/> (column index → raw text) as the header, or as a data row once there is one; null for a blank row or the header.</summary>
    public TabularRow? Accept(int rowNumber, IReadOnlyList<KeyValuePair<int, string?>> cells)
    {
        if (cells.All(c => string.IsNullOrWhiteSpace(c.Value)))
        {
            return null;
        }
        if (_headers is null)
        {
            _headers = new Dictionary<int, string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (column, value) in cells)
            {
                var header = value?.Trim();
                if (string.IsNullOrEmpty(header))
                {
                    continue;
                }
                if (!seen.Add(header))
                {
                    throw new TabularFormatException($"表头“{header}”重复出现，请每列只保留一个表头后重新上传");
                }
                _headers[column] = header;
            }
            return null;
        }
        var row = new Dictionary<string, string?>(_headers.Count, StringComparer.Ordinal);
        foreach (var header in _headers.Values)
        {
            row[header] = null;
        }
        foreach (var (column, value) in cells)
        {
            if (_headers.TryGetValue(column, out var header))
            {
                var text = value?.Trim();
                row[header] = string.IsNullOrEmpty(text) ? null : text;
            }
        }
        return row.Values.All(v => v is null) ? null : new TabularRow(rowNumber, row);
    }
}
