using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Platform.ServiceDefaults.Tabular;

/// <summary>How a column's cells are shown in Excel.</summary>
public enum XlsxFormat
{
    /// <summary>Text, also for digits that are codes (region codes, phone numbers): never turned into numbers.</summary>
    Text,

    /// <summary>0</summary>
    Integer,

    /// <summary>#,##0.00</summary>
    Money,

    /// <summary>0.00% of a ratio: 0.2 shows as 20.00%.</summary>
    Percent,

    /// <summary>yyyy-mm-dd; a <see cref="DateTimeOffset"/> shows its date in China (UTC+8).</summary>
    Date,
}

/// <summary>A column of an exported sheet: its Chinese header, its width in characters, and its format.</summary>
public sealed record XlsxColumn(string Header, double Width, XlsxFormat Format = XlsxFormat.Text);

/// <summary>
/// Writes one-sheet .xlsx exports with the SAX writer, row by row, so a large list never sits in memory as a DOM:
/// numbers as numbers, dates as dates, strings inline; a bold, frozen header row.
/// </summary>
public static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    // Cell formats (cellXfs) by index: 0 default, 1 header, then one per XlsxFormat in enum order.
    private const uint HeaderStyle = 1;

    private static uint StyleOf(XlsxFormat format) => 2 + (uint)format;

    public static async Task WriteAsync(Stream output, string sheetName, IReadOnlyList<XlsxColumn> columns,
        IEnumerable<IReadOnlyList<object?>> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        // The package is a zip whose directory is written last: build it in a seekable file, then send it.
        await using var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        Write(buffer, sheetName, columns, rows, cancellationToken);
        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
    }

    private static void Write(Stream target, string sheetName, IReadOnlyList<XlsxColumn> columns,
        IEnumerable<IReadOnlyList<object?>> rows, CancellationToken cancellationToken)
    {
        using var document = SpreadsheetDocument.Create(target, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        var worksheet = workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(worksheet))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteElement(new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = 1,
                TopLeftCell = "A2",
                ActivePane = PaneValues.BottomLeft,
                State = PaneStateValues.Frozen,
            })
            { WorkbookViewId = 0 }));
            if (columns.Count > 0)
            {
                writer.WriteStartElement(new Columns());
                for (var i = 0; i < columns.Count; i++)
                {
                    writer.WriteElement(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = columns[i].Width, CustomWidth = true });
                }
                writer.WriteEndElement();
            }
            writer.WriteStartElement(new SheetData());
            writer.WriteStartElement(new Row { RowIndex = 1 });
            for (var i = 0; i < columns.Count; i++)
            {
                writer.WriteElement(TextCell(Reference(i, 1), columns[i].Header, HeaderStyle));
            }
            writer.WriteEndElement();
            uint rowIndex = 1;
            foreach (var values in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                rowIndex++;
                writer.WriteStartElement(new Row { RowIndex = rowIndex });
                for (var i = 0; i < columns.Count && i < values.Count; i++)
                {
                    if (Cell(Reference(i, rowIndex), values[i], columns[i].Format) is { } cell)
                    {
                        writer.WriteElement(cell);
                    }
                }
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        workbook.Workbook = new Workbook(new Sheets(new Sheet
        {
            Name = SheetName(sheetName),
            SheetId = 1,
            Id = workbook.GetIdOfPart(worksheet),
        }));
        workbook.Workbook.Save();
    }

    private static Cell? Cell(string reference, object? value, XlsxFormat format)
    {
        var style = StyleOf(format);
        if (value is null)
        {
            return null;
        }
        if (format == XlsxFormat.Text)
        {
            return TextCell(reference, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", style);
        }
        return value switch
        {
            string text => TextCell(reference, text, style),
            bool flag => new Cell { CellReference = reference, DataType = CellValues.Boolean, StyleIndex = style, CellValue = new CellValue(flag ? "1" : "0") },
            DateTimeOffset moment => NumberCell(reference, moment.ToOffset(ChinaOffset).DateTime.ToOADate(), style),
            DateTime date => NumberCell(reference, date.ToOADate(), style),
            DateOnly day => NumberCell(reference, day.ToDateTime(TimeOnly.MinValue).ToOADate(), style),
            decimal number => new Cell { CellReference = reference, StyleIndex = style, CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture)) },
            double number when !double.IsFinite(number) => null,
            float number when !float.IsFinite(number) => null,
            double or float or int or long or short or byte or uint or ulong or ushort or sbyte =>
                new Cell { CellReference = reference, StyleIndex = style, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) },
            _ => TextCell(reference, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", style),
        };
    }

    private static Cell NumberCell(string reference, double value, uint style) =>
        new() { CellReference = reference, StyleIndex = style, CellValue = new CellValue(value.ToString("R", CultureInfo.InvariantCulture)) };

    private static Cell TextCell(string reference, string value, uint style)
    {
        var clean = XmlSafe(value);
        var text = new Text(clean);
        if (clean.Length > 0 && (char.IsWhiteSpace(clean[0]) || char.IsWhiteSpace(clean[^1])))
        {
            text.Space = SpaceProcessingModeValues.Preserve;
        }
        return new Cell { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = style, InlineString = new InlineString(text) };
    }

    /// <summary>Characters XML cannot carry (control characters pasted from other systems) would corrupt the file.</summary>
    private static string XmlSafe(string value)
    {
        if (value.All(XmlConvert.IsXmlChar))
        {
            return value;
        }
        var clean = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (XmlConvert.IsXmlChar(value[i]))
            {
                clean.Append(value[i]);
            }
            else if (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i]))
            {
                clean.Append(value[i]).Append(value[i + 1]);
                i++;
            }
        }
        return clean.ToString();
    }

    internal static string Reference(int column, uint row)
    {
        var letters = new StringBuilder();
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters.Insert(0, (char)('A' + ((n - 1) % 26)));
        }
        return letters.Append(row.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    /// <summary>Excel's sheet names: at most 31 characters, none of <c>[]:*?/\</c>.</summary>
    private static string SheetName(string name)
    {
        var clean = new string((name ?? "").Where(c => "[]:*?/\\".IndexOf(c) < 0 && XmlConvert.IsXmlChar(c)).ToArray()).Trim('\'').Trim();
        if (clean.Length == 0)
        {
            clean = "Sheet1";
        }
        return clean.Length <= 31 ? clean : clean[..31];
    }

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "等线" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "等线" }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 49, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyNumberFormat = true },
            Format(49), // Text "@"
            Format(1), // Integer "0"
            Format(4), // Money "#,##0.00"
            Format(10), // Percent "0.00%"
            Format(164)) // Date
        { Count = 7 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    private static CellFormat Format(uint numberFormat) =>
        new() { NumberFormatId = numberFormat, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true };
}
