using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Platform.ServiceDefaults.Tabular;

namespace Platform.ServiceDefaults.Tests.Tabular;

public sealed class TabularReaderTests
{
    private const string Csv = "年度,项目名称,送审金额(元),项目概述\r\n"
        + "2026,盂县第一中学教学楼改造,\"3,000,000.00\",\"含\"\"引号\"\"\n与换行\"\r\n"
        + "\r\n"
        + "2026, 营养餐补助 ,299999.99,\r\n";

    [Fact]
    public async Task Utf8_csv_with_bom_reads_headers_quotes_and_line_breaks_with_excel_row_numbers()
    {
        var rows = await ReadAsync(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv)).ToArray(), "项目.csv");

        Assert.Equal(2, rows.Count);
        Assert.Equal(2, rows[0].RowNumber);
        Assert.Equal("2026", rows[0]["年度"]);
        Assert.Equal("3,000,000.00", rows[0]["送审金额(元)"]);
        Assert.Equal("含\"引号\"\n与换行", rows[0]["项目概述"]);
        // The blank line is row 3 in Excel and is skipped; values are trimmed; an empty cell is null.
        Assert.Equal(4, rows[1].RowNumber);
        Assert.Equal("营养餐补助", rows[1]["项目名称"]);
        Assert.Null(rows[1]["项目概述"]);
        Assert.Equal(["年度", "项目名称", "送审金额(元)", "项目概述"], rows[0].Cells.Keys);
    }

    [Fact]
    public async Task Utf8_csv_without_bom_reads_the_same()
    {
        var rows = await ReadAsync(Encoding.UTF8.GetBytes(Csv), "项目.CSV");

        Assert.Equal("盂县第一中学教学楼改造", rows[0]["项目名称"]);
        Assert.Equal("年度", rows[0].Cells.Keys.First());
    }

    [Fact]
    public async Task Gb18030_csv_as_chinese_excel_saves_it_is_decoded()
    {
        var gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(54936)!;
        var bytes = gb18030.GetBytes("年度,项目名称,资金来源\r\n2026,阳泉市城区供热管网改造,一般公共预算\r\n");

        var row = Assert.Single(await ReadAsync(bytes, "项目.csv"));

        Assert.Equal("阳泉市城区供热管网改造", row["项目名称"]);
        Assert.Equal("一般公共预算", row["资金来源"]);
    }

    [Fact]
    public async Task Csv_with_missing_trailing_cells_gives_null_and_extra_cells_are_ignored()
    {
        var rows = await ReadAsync(Encoding.UTF8.GetBytes("甲,乙,丙\n1\n1,2,3,4\n"), "a.csv");

        Assert.Equal((null, null), (rows[0]["乙"], rows[0]["丙"]));
        Assert.Equal(3, rows[1].Cells.Count);
    }

    [Fact]
    public async Task Xlsx_reads_shared_and_inline_strings_numbers_booleans_and_cells_after_gaps()
    {
        var rows = await ReadAsync(Workbook(), "指标.xlsx");

        Assert.Equal(2, rows.Count);
        var first = rows[0];
        Assert.Equal(2, first.RowNumber);
        Assert.Equal("产出指标", first["一级指标"]);
        Assert.Null(first["二级指标"]);
        Assert.Equal("1500000.5", first["金额"]);
        Assert.Equal("TRUE", first["重点"]);
        Assert.Equal("内联文本", first["说明"]);
        // Row 3 is absent and row 4 blank: the next data row keeps its own number.
        var second = rows[1];
        Assert.Equal(5, second.RowNumber);
        Assert.Equal("效益指标", second["一级指标"]);
        Assert.Equal("社会效益", second["二级指标"]);
        Assert.Equal("46082", second["日期"]);
    }

    [Fact]
    public async Task Xlsx_from_a_stream_that_cannot_seek_is_read()
    {
        var rows = await ReadAsync(Workbook(), "指标.xlsx", seekable: false);

        Assert.Equal(2, rows.Count);
    }

    [Theory]
    [InlineData("项目.xlsx")]
    [InlineData("项目.csv.xlsx")]
    public async Task Text_renamed_to_xlsx_is_a_format_error_in_chinese(string name)
    {
        var error = await Assert.ThrowsAsync<TabularFormatException>(() => ReadAsync(Encoding.UTF8.GetBytes(Csv), name));

        Assert.Contains("Excel", error.Message);
        Assert.Contains("xlsx", error.Message);
    }

    [Fact]
    public async Task Zip_without_a_workbook_and_a_truncated_xlsx_are_format_errors()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = archive.CreateEntry("readme.txt").Open();
            await entry.WriteAsync(Encoding.UTF8.GetBytes("不是工作簿"), TestContext.Current.CancellationToken);
        }
        var workbook = Workbook();

        await Assert.ThrowsAsync<TabularFormatException>(() => ReadAsync(zip.ToArray(), "a.xlsx"));
        await Assert.ThrowsAsync<TabularFormatException>(() => ReadAsync(workbook[..(workbook.Length / 2)], "a.xlsx"));
    }

    [Theory]
    [InlineData("项目.txt")]
    [InlineData("项目.xls")]
    [InlineData("项目")]
    public async Task Unknown_extension_is_a_format_error(string name)
    {
        var error = await Assert.ThrowsAsync<TabularFormatException>(() => ReadAsync(Encoding.UTF8.GetBytes(Csv), name));

        Assert.Contains(".xlsx", error.Message);
    }

    [Fact]
    public async Task Duplicate_header_is_a_format_error_naming_it()
    {
        var error = await Assert.ThrowsAsync<TabularFormatException>(() => ReadAsync(Encoding.UTF8.GetBytes("名称,金额,名称\n甲,1,乙\n"), "a.csv"));

        Assert.Contains("名称", error.Message);
    }

    [Fact]
    public async Task Empty_file_has_no_header_and_is_a_format_error()
    {
        await Assert.ThrowsAsync<TabularFormatException>(() => ReadAsync([], "a.csv"));
    }

    internal static async Task<List<TabularRow>> ReadAsync(byte[] bytes, string name, bool seekable = true)
    {
        Stream stream = seekable ? new MemoryStream(bytes) : new ForwardOnlyStream(bytes);
        var rows = new List<TabularRow>();
        await foreach (var row in TabularReader.ReadAsync(stream, name, TestContext.Current.CancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// A workbook as Excel writes one: shared strings (one with rich-text runs), a gap between cells, an inline string,
    /// a number, a boolean, a date serial, a missing row and a blank one.
    /// </summary>
    private static byte[] Workbook()
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(
                new SharedStringItem(new Text("一级指标")),
                new SharedStringItem(new Text("二级指标")),
                new SharedStringItem(new Text("金额")),
                new SharedStringItem(new Text("重点")),
                new SharedStringItem(new Text("说明")),
                new SharedStringItem(new Text("日期")),
                new SharedStringItem(new Text("产出指标")),
                new SharedStringItem(new Run(new Text("效益")), new Run(new RunProperties(new Bold()), new Text("指标"))),
                new SharedStringItem(new Text("社会效益")));
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(new SheetData(
                new Row(Shared("A1", 0), Shared("B1", 1), Shared("C1", 2), Shared("D1", 3), Shared("E1", 4), Shared("F1", 5)) { RowIndex = 1 },
                new Row(
                    Shared("A2", 6),
                    new Cell { CellReference = "C2", CellValue = new CellValue("1500000.5") },
                    new Cell { CellReference = "D2", DataType = CellValues.Boolean, CellValue = new CellValue("1") },
                    new Cell { CellReference = "E2", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("内联文本")) })
                { RowIndex = 2 },
                new Row(new Cell { CellReference = "A4" }) { RowIndex = 4 },
                new Row(Shared("A5", 7), Shared("B5", 8), new Cell { CellReference = "F5", StyleIndex = 0, CellValue = new CellValue("46082") }) { RowIndex = 5 }));
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "指标", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
        }
        return stream.ToArray();
    }

    private static Cell Shared(string reference, int index) =>
        new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) };

    /// <summary>A request body: read once, front to back.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override long Position
        {
            get => base.Position;
            set => throw new NotSupportedException();
        }
    }
}
