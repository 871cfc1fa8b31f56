using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Platform.ServiceDefaults.Tabular;

/// <summary>The first worksheet of an .xlsx, read with the SAX reader one row element at a time.</summary>
internal sealed class XlsxSource : ITabularSource
{
    private const string Unreadable = "Excel文件无法读取：文件已损坏或不是.xlsx格式，请在Excel中另存为.xlsx后重新上传";

    private readonly SpreadsheetDocument _document;
    private readonly OpenXmlReader _reader;
    private readonly List<string> _sharedStrings;
    private readonly HeaderMap _header = new();
    private int _lastRow;

    private XlsxSource(SpreadsheetDocument document, OpenXmlReader reader, List<string> sharedStrings)
    {
        _document = document;
        _reader = reader;
        _sharedStrings = sharedStrings;
    }

    public static XlsxSource Open(Stream seekable)
    {
        SpreadsheetDocument? document = null;
        try
        {
            document = SpreadsheetDocument.Open(seekable, false);
            var workbook = document.WorkbookPart ?? throw new TabularFormatException(Unreadable);
            var sheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault()
                ?? throw new TabularFormatException("Excel文件中没有工作表，请使用导入模板填写后重新上传");
            if (sheet.Id?.Value is not { } partId || workbook.GetPartById(partId) is not WorksheetPart worksheet)
            {
                throw new TabularFormatException("Excel文件的第一个工作表不是数据表（可能是图表），请把数据放在第一个工作表后重新上传");
            }
            var strings = ReadSharedStrings(workbook.SharedStringTablePart);
            return new XlsxSource(document, OpenXmlReader.Create(worksheet), strings);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or TabularFormatException))
        {
            document?.Dispose();
            throw new TabularFormatException(Unreadable, exception);
        }
        catch
        {
            document?.Dispose();
            throw;
        }
    }

    public ValueTask<TabularRow?> NextAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (_reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_reader.ElementType != typeof(Row) || !_reader.IsStartElement)
                {
                    continue;
                }
                var row = (Row)_reader.LoadCurrentElement()!;
                var rowNumber = row.RowIndex?.Value is { } index ? (int)index : _lastRow + 1;
                _lastRow = rowNumber;
                var result = _header.Accept(rowNumber, Cells(row));
                if (result is not null)
                {
                    return ValueTask.FromResult<TabularRow?>(result);
                }
            }
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or TabularFormatException))
        {
            throw new TabularFormatException(Unreadable, exception);
        }
        if (!_header.HasHeader)
        {
            throw new TabularFormatException("文件中没有表头行，请使用导入模板填写后重新上传");
        }
        return ValueTask.FromResult<TabularRow?>(null);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _document.Dispose();
    }

    private List<KeyValuePair<int, string?>> Cells(Row row)
    {
        var cells = new List<KeyValuePair<int, string?>>();
        var column = -1;
        foreach (var cell in row.Elements<Cell>())
        {
            // Blank cells are usually absent, so the reference, not the position, says which column this is.
            column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : column + 1;
            cells.Add(new(column, Text(cell)));
        }
        return cells;
    }

    private string? Text(Cell cell)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? RichText(inline) : null;
        }
        var raw = cell.CellValue?.Text;
        if (raw is null)
        {
            return null;
        }
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < _sharedStrings.Count
                ? _sharedStrings[index]
                : throw new TabularFormatException(Unreadable);
        }
        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }
        return raw;
    }

    /// <summary>0-based column of a reference such as <c>AB12</c>.</summary>
    internal static int ColumnIndex(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                column = (column * 26) + (c - 'A' + 1);
            }
            else if (c is >= 'a' and <= 'z')
            {
                column = (column * 26) + (c - 'a' + 1);
            }
            else
            {
                break;
            }
        }
        return column - 1;
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                strings.Add(RichText((SharedStringItem)reader.LoadCurrentElement()!));
            }
        }
        return strings;
    }

    /// <summary>The visible text of a string item: its plain text or its runs, without phonetic guides.</summary>
    private static string RichText(OpenXmlCompositeElement item)
    {
        if (item.GetFirstChild<Text>() is { } plain)
        {
            return plain.Text;
        }
        var text = new StringBuilder();
        foreach (var run in item.Elements<Run>())
        {
            text.Append(run.Text?.Text);
        }
        return text.ToString();
    }
}
