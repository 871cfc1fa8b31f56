using System.Text;

namespace Platform.ServiceDefaults.Tabular;

/// <summary>
/// RFC 4180 records (quoted fields with doubled quotes and line breaks; CRLF, LF or CR) from a text reader. Each record
/// is one Excel row, so a record's number is the row number the user sees, blank lines included.
/// </summary>
/// <remarks>
/// Hand-written rather than CsvHelper: the pinned CsvHelper 34 is a byte-span rewrite whose reader owns decoding,
/// and we must pick the encoding (UTF-8 or GB18030) and number rows exactly as Excel shows them.
/// </remarks>
internal sealed class CsvSource : ITabularSource
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly StreamReader _reader;
    private readonly HeaderMap _header = new();
    private readonly StringBuilder _field = new();
    private int _record;

    private CsvSource(StreamReader reader) => _reader = reader;

    public static async Task<CsvSource> OpenAsync(Stream seekable, CancellationToken cancellationToken)
    {
        var encoding = await IsUtf8Async(seekable, cancellationToken) ? Encoding.UTF8 : Gb18030;
        seekable.Position = 0;
        // BOM detection drops a leading UTF-8 BOM, so the first header reads clean.
        return new CsvSource(new StreamReader(seekable, encoding, detectEncodingFromByteOrderMarks: true, 81920, leaveOpen: true));
    }

    /// <summary>GB18030 (code page 54936), the superset of GBK/GB2312 that Excel writes for "CSV" on Chinese Windows.</summary>
    internal static Encoding Gb18030 => CodePagesEncodingProvider.Instance.GetEncoding(54936)
        ?? throw new InvalidOperationException("GB18030 is not available.");

    // The source is always seekable local data (a form file or our temp copy), so plain reads do not block on the network.
    public ValueTask<TabularRow?> NextAsync(CancellationToken cancellationToken)
    {
        while (ReadRecord() is { } fields)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cells = new KeyValuePair<int, string?>[fields.Count];
            for (var i = 0; i < fields.Count; i++)
            {
                cells[i] = new(i, fields[i]);
            }
            if (_header.Accept(_record, cells) is { } row)
            {
                return ValueTask.FromResult<TabularRow?>(row);
            }
        }
        if (!_header.HasHeader)
        {
            throw new TabularFormatException("文件中没有表头行，请使用导入模板填写后重新上传");
        }
        return ValueTask.FromResult<TabularRow?>(null);
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>The next record's fields; null at the end of the file.</summary>
    private List<string>? ReadRecord()
    {
        var fields = new List<string>();
        _field.Clear();
        var quoted = false;
        var any = false;
        while (true)
        {
            var next = _reader.Read();
            if (next < 0)
            {
                if (quoted)
                {
                    throw new TabularFormatException($"CSV文件第{_record + 1}行的引号没有闭合，请检查后重新上传");
                }
                if (!any)
                {
                    return null;
                }
                break;
            }
            any = true;
            var c = (char)next;
            if (quoted)
            {
                if (c == '"')
                {
                    if (Peek() == '"')
                    {
                        _reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    _field.Append(c);
                }
                continue;
            }
            if (c == '"' && _field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(_field.ToString());
                _field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && Peek() == '\n')
                {
                    _reader.Read();
                }
                break;
            }
            else
            {
                _field.Append(c);
            }
        }
        fields.Add(_field.ToString());
        _record++;
        return fields;
    }

    private int Peek() => _reader.Peek();

    private static async Task<bool> IsUtf8Async(Stream stream, CancellationToken cancellationToken)
    {
        var decoder = StrictUtf8.GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[StrictUtf8.GetMaxCharCount(bytes.Length)];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(bytes, cancellationToken)) > 0)
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }
            decoder.GetChars([], 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
