using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Platform.ServiceDefaults.Tabular;

namespace Platform.ServiceDefaults.Tests.Tabular;

public sealed class XlsxWriterTests
{
    private static readonly XlsxColumn[] Columns =
    [
        new("地区代码", 10),
        new("项目名称", 30),
        new("年度", 8, XlsxFormat.Integer),
        new("送审金额(元)", 16, XlsxFormat.Money),
        new("审减率", 10, XlsxFormat.Percent),
        new("提交日期", 12, XlsxFormat.Date),
    ];

    [Fact]
    public async Task Written_sheet_reads_back_through_the_reader()
    {
        var bytes = await WriteAsync(
        [
            ["140322", "盂县第一中学教学楼改造", 2026, 3_000_000.00m, 0.2m, new DateOnly(2026, 3, 1)],
            [140321, " 前后空格 ", 2025, 299_999.99m, null, new DateTimeOffset(2026, 2, 28, 20, 0, 0, TimeSpan.Zero)],
        ]);

        var rows = await TabularReaderTests.ReadAsync(bytes, "导出.xlsx");

        Assert.Equal(["地区代码", "项目名称", "年度", "送审金额(元)", "审减率", "提交日期"], rows[0].Cells.Keys);
        Assert.Equal(("140322", "盂县第一中学教学楼改造", "2026", "3000000.00", "0.2"),
            (rows[0]["地区代码"], rows[0]["项目名称"], rows[0]["年度"], rows[0]["送审金额(元)"], rows[0]["审减率"]));
        Assert.Equal(new DateTime(2026, 3, 1).ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture), rows[0]["提交日期"]);
        Assert.Equal(("140321", "299999.99", null), (rows[1]["地区代码"], rows[1]["送审金额(元)"], rows[1]["审减率"]));
        // 20:00 UTC is the next morning in China.
        Assert.StartsWith(new DateTime(2026, 3, 1).ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture), rows[1]["提交日期"]);
        Assert.Equal(3, rows[1].RowNumber);
    }

    [Fact]
    public async Task Numbers_are_numbers_with_their_formats_and_codes_stay_text()
    {
        var bytes = await WriteAsync([["140322", "甲", 2026, 1234.5m, 0.2m, new DateOnly(2026, 3, 1)]]);

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var cells = workbook.WorksheetParts.Single().Worksheet.Descendants<Row>().ElementAt(1).Elements<Cell>().ToList();
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        uint NumberFormat(Cell cell) => formats[(int)cell.StyleIndex!.Value].NumberFormatId!.Value;

        Assert.Equal(CellValues.InlineString, cells[0].DataType!.Value);
        Assert.Null(cells[2].DataType);
        Assert.Null(cells[3].DataType);
        Assert.Equal([49u, 49u, 1u, 4u, 10u, 164u], cells.Select(NumberFormat));
        Assert.Equal("yyyy-mm-dd", workbook.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>().Single().FormatCode!.Value);
        Assert.Equal("导出", workbook.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value);
    }

    [Fact]
    public async Task Control_characters_are_dropped_rather_than_corrupting_the_file()
    {
        var bytes = await WriteAsync([["140322", "项目\u0001名称\u000b", 2026, 1m, 0m, null]]);

        var row = Assert.Single(await TabularReaderTests.ReadAsync(bytes, "导出.xlsx"));
        Assert.Equal("项目名称", row["项目名称"]);
    }

    [Fact]
    public async Task Large_export_streams_to_a_response_that_cannot_seek()
    {
        var rows = Enumerable.Range(1, 20_000).Select(i => (IReadOnlyList<object?>)[$"{140300 + (i % 99)}", $"项目{i}", 2026, i * 100.5m, 0.1m, null]);
        var output = new WriteOnlyStream();

        await XlsxWriter.WriteAsync(output, "导出", Columns, rows, TestContext.Current.CancellationToken);

        var read = await TabularReaderTests.ReadAsync(output.ToArray(), "导出.xlsx");
        Assert.Equal(20_000, read.Count);
        Assert.Equal(("项目20000", "2010000.0", 20_001), (read[^1]["项目名称"], read[^1]["送审金额(元)"], read[^1].RowNumber));
    }

    private static async Task<byte[]> WriteAsync(IEnumerable<IReadOnlyList<object?>> rows)
    {
        var output = new MemoryStream();
        await XlsxWriter.WriteAsync(output, "导出", Columns, rows, TestContext.Current.CancellationToken);
        return output.ToArray();
    }

    private sealed class WriteOnlyStream : MemoryStream
    {
        public override bool CanSeek => false;

        public override bool CanRead => false;
    }
}
