using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Xlsx;

public sealed class when_an_xlsx_sheet_is_read
{
    [Fact]
    public void shared_strings_give_the_header_trimmed_and_the_text_cells()
    {
        var book = new TestWorkbook();
        book.Sheet("Stock",
            TestWorkbook.Row(1, book.Text("A1", " warehouse_code "), book.Text("B1", "商品编码"), book.Text("C1", "on_hand")),
            TestWorkbook.Row(2, book.Text("A2", "LAX-1"), book.Text("B2", "SKU-001"), TestWorkbook.Number("C2", "7")));

        using var reader = book.Open();

        Assert.Equal(["warehouse_code", "商品编码", "on_hand"], reader.Header);
        var row = Assert.Single(TestWorkbook.ReadAll(reader));
        Assert.Equal(["LAX-1", "SKU-001", "7"], row.Cells);
    }

    [Fact]
    public void inline_strings_are_read_like_shared_ones()
    {
        var book = new TestWorkbook().Sheet("Stock",
            TestWorkbook.Row(1, TestWorkbook.Inline("A1", "sku"), TestWorkbook.Inline("B1", "description")),
            TestWorkbook.Row(2, TestWorkbook.Inline("A2", "SKU-9"), TestWorkbook.Inline("B2", "  蓝牙耳机  ")));

        using var reader = book.Open();

        Assert.Equal(["sku", "description"], reader.Header);
        Assert.Equal(["SKU-9", "  蓝牙耳机  "], Assert.Single(TestWorkbook.ReadAll(reader)).Cells);
    }

    [Theory]
    [InlineData("120", "120")]
    [InlineData("1.2E2", "120")]
    [InlineData("1.5E+20", "150000000000000000000")]
    [InlineData("12.5", "12.5")]
    [InlineData("-3", "-3")]
    [InlineData("0.1", "0.1")]
    [InlineData("1E-05", "0.00001")]
    [InlineData("-0", "0")]
    public void numbers_are_invariant_text_without_exponents(string stored, string expected)
    {
        var book = new TestWorkbook().Sheet("Stock",
            TestWorkbook.Row(1, TestWorkbook.Inline("A1", "on_hand")),
            TestWorkbook.Row(2, TestWorkbook.Number("A2", stored)));

        using var reader = book.Open();

        Assert.Equal(expected, Assert.Single(TestWorkbook.ReadAll(reader)).Cells[0]);
    }

    [Fact]
    public void formula_cells_give_their_cached_value_and_null_without_one()
    {
        var book = new TestWorkbook().Sheet("Stock",
            TestWorkbook.Row(1, TestWorkbook.Inline("A1", "on_hand"), TestWorkbook.Inline("B1", "reserved"),
                TestWorkbook.Inline("C1", "available"), TestWorkbook.Inline("D1", "note"), TestWorkbook.Inline("E1", "never_calculated")),
            TestWorkbook.Row(2, TestWorkbook.Number("A2", "120"), TestWorkbook.Number("B2", "20"),
                TestWorkbook.Formula("C2", "A2-B2", "100"),
                TestWorkbook.Formula("D2", "IF(C2>0,\"in stock\",\"out\")", "in stock", CellValues.String),
                TestWorkbook.Formula("E2", "A2*2", cached: null)));

        using var reader = book.Open();

        Assert.Equal(["120", "20", "100", "in stock", null], Assert.Single(TestWorkbook.ReadAll(reader)).Cells);
    }

    [Fact]
    public void booleans_and_errors_read_as_excel_shows_them()
    {
        var book = new TestWorkbook().Sheet("Stock",
            TestWorkbook.Row(1, TestWorkbook.Inline("A1", "active"), TestWorkbook.Inline("B1", "archived"), TestWorkbook.Inline("C1", "ratio")),
            TestWorkbook.Row(2, TestWorkbook.Boolean("A2", true), TestWorkbook.Boolean("B2", false), TestWorkbook.Error("C2", "#DIV/0!")));

        using var reader = book.Open();

        Assert.Equal(["TRUE", "FALSE", "#DIV/0!"], Assert.Single(TestWorkbook.ReadAll(reader)).Cells);
    }

    [Fact]
    public void a_sparse_row_keeps_each_value_under_its_own_column()
    {
        var book = new TestWorkbook().Sheet("Stock",
            TestWorkbook.Row(1, TestWorkbook.Inline("A1", "sku"), TestWorkbook.Inline("B1", "lot"), TestWorkbook.Inline("C1", "on_hand")),
            TestWorkbook.Row(2, TestWorkbook.Inline("A2", "SKU-1"), TestWorkbook.Number("C2", "5")));

        using var reader = book.Open();

        Assert.Equal(["SKU-1", null, "5"], Assert.Single(TestWorkbook.ReadAll(reader)).Cells);
    }

    [Fact]
    public void rows_are_numbered_as_the_sheet_numbers_them_and_blank_rows_are_skipped()
    {
        var book = new TestWorkbook().Sheet("Stock",
            TestWorkbook.Row(2, TestWorkbook.Inline("B2", "   ")),
            TestWorkbook.Row(3, TestWorkbook.Inline("A3", "sku"), TestWorkbook.Inline("B3", "on_hand")),
            TestWorkbook.Row(4, TestWorkbook.Inline("A4", "SKU-1"), TestWorkbook.Number("B4", "1")),
            TestWorkbook.Row(5),
            TestWorkbook.Row(9, TestWorkbook.Inline("A9", "SKU-2"), TestWorkbook.Number("B9", "2")));

        using var reader = book.Open();

        Assert.Equal(["sku", "on_hand"], reader.Header);
        Assert.Equal([4L, 9L], TestWorkbook.ReadAll(reader).Select(r => r.RowNumber));
    }

    [Fact]
    public void a_row_longer_than_the_header_is_cut_and_a_shorter_one_padded()
    {
        var book = new TestWorkbook().Sheet("Stock",
            TestWorkbook.Row(1, TestWorkbook.Inline("A1", "sku"), TestWorkbook.Inline("B1", "on_hand")),
            TestWorkbook.Row(2, TestWorkbook.Inline("A2", "SKU-1"), TestWorkbook.Number("B2", "1"), TestWorkbook.Inline("D2", "stray note")),
            TestWorkbook.Row(3, TestWorkbook.Inline("A3", "SKU-2")));

        using var reader = book.Open();

        var rows = TestWorkbook.ReadAll(reader);
        Assert.Equal(["SKU-1", "1"], rows[0].Cells);
        Assert.Equal(["SKU-2", null], rows[1].Cells);
    }

    [Fact]
    public void cells_written_without_references_follow_one_another()
    {
        var book = new TestWorkbook().Sheet("Stock",
            new Row(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text("sku")) },
                new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text("on_hand")) }),
            new Row(TestWorkbook.Inline("A2", "SKU-1"), new Cell { CellValue = new CellValue("4") }));

        using var reader = book.Open();

        Assert.Equal(["sku", "on_hand"], reader.Header);
        var row = Assert.Single(TestWorkbook.ReadAll(reader));
        Assert.Equal(2, row.RowNumber);
        Assert.Equal(["SKU-1", "4"], row.Cells);
    }

    [Fact]
    public void a_gap_in_the_header_is_an_empty_name_so_later_columns_keep_their_place()
    {
        var book = new TestWorkbook().Sheet("Stock",
            TestWorkbook.Row(1, TestWorkbook.Inline("A1", "sku"), TestWorkbook.Inline("C1", "on_hand")),
            TestWorkbook.Row(2, TestWorkbook.Inline("A2", "SKU-1"), TestWorkbook.Number("C2", "3")));

        using var reader = book.Open();

        Assert.Equal(["sku", "", "on_hand"], reader.Header);
        Assert.Equal(["SKU-1", null, "3"], Assert.Single(TestWorkbook.ReadAll(reader)).Cells);
    }

    [Fact]
    public void a_rich_text_cell_reads_its_runs_without_phonetic_guides()
    {
        var book = new TestWorkbook().Sheet("Stock",
            TestWorkbook.Row(1, TestWorkbook.Inline("A1", "description")),
            TestWorkbook.Row(2, new Cell
            {
                CellReference = "A2",
                DataType = CellValues.InlineString,
                InlineString = new InlineString(
                    new Run(new Text("東京")),
                    new Run(new Text(" warehouse") { Space = SpaceProcessingModeValues.Preserve }),
                    new PhoneticRun(new Text("トウキョウ")) { BaseTextStartIndex = 0, EndingBaseIndex = 2 }),
            }));

        using var reader = book.Open();

        Assert.Equal("東京 warehouse", Assert.Single(TestWorkbook.ReadAll(reader)).Cells[0]);
    }

    [Fact]
    public void the_callers_stream_stays_open_after_the_reader_is_disposed()
    {
        var book = new TestWorkbook().Sheet("Stock", TestWorkbook.Row(1, TestWorkbook.Inline("A1", "sku")));
        var stream = new MemoryStream(book.ToBytes());

        XlsxTabularReader.Open(stream, new TabularReaderOptions()).Dispose();

        Assert.True(stream.CanRead);
    }

    [Fact]
    public void a_non_seekable_upload_is_read_through_a_temporary_file()
    {
        var book = new TestWorkbook().Sheet("Stock",
            TestWorkbook.Row(1, TestWorkbook.Inline("A1", "sku")),
            TestWorkbook.Row(2, TestWorkbook.Inline("A2", "SKU-1")));

        using var reader = XlsxTabularReader.Open(new ForwardOnlyXlsxStream(book.ToBytes()), new TabularReaderOptions());

        Assert.Equal(["SKU-1"], Assert.Single(TestWorkbook.ReadAll(reader)).Cells);
    }

    [Fact]
    public void the_factory_opens_xlsx_files_with_this_reader()
    {
        var book = new TestWorkbook().Sheet("Stock", TestWorkbook.Row(1, TestWorkbook.Inline("A1", "sku")));

        using var reader = TabularReaders.Open(new MemoryStream(book.ToBytes()), "stock.xlsx", new TabularReaderOptions());

        Assert.IsType<XlsxTabularReader>(reader);
    }
}
