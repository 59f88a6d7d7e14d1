using DocumentFormat.OpenXml.Spreadsheet;

namespace Hub.StockReports.Tests.Xlsx;

public sealed class when_xlsx_cells_hold_dates
{
    [Theory]
    [InlineData("45306", "2024-01-15")]
    [InlineData("45306.75", "2024-01-15T18:00:00")]
    [InlineData("1", "1900-01-01")]
    [InlineData("59", "1900-02-28")]
    [InlineData("60", "1900-02-29")]
    [InlineData("61", "1900-03-01")]
    [InlineData("2958465", "9999-12-31")]
    public void a_short_date_cell_reads_as_an_iso_date(string serial, string expected)
    {
        Assert.Equal(expected, ReadOne(book => TestWorkbook.Number("A2", serial, book.Style(14))));
    }

    [Theory]
    [InlineData("yyyy/mm/dd")]
    [InlineData("yyyy\\-mm\\-dd")]
    [InlineData("[$-409]d-mmm-yy;@")]
    [InlineData("yyyy\"年\"m\"月\"d\"日\"")]
    [InlineData("[Blue]dd/mm/yyyy")]
    public void a_custom_date_format_reads_as_an_iso_date(string formatCode)
    {
        Assert.Equal("2024-01-15", ReadOne(book => TestWorkbook.Number("A2", "45306", book.Style(formatCode))));
    }

    [Theory]
    [InlineData(22u, "45306.5", "2024-01-15T12:00:00")]
    [InlineData(20u, "0.75", "18:00:00")]
    [InlineData(31u, "45306", "2024-01-15")]
    public void built_in_date_and_time_formats_are_recognised(uint formatId, string serial, string expected)
    {
        Assert.Equal(expected, ReadOne(book => TestWorkbook.Number("A2", serial, book.Style(formatId))));
    }

    [Theory]
    [InlineData("hh:mm:ss", "0.5", "12:00:00")]
    [InlineData("h:mm AM/PM", "0.25", "06:00:00")]
    [InlineData("[h]:mm", "0.5", "12:00:00")]
    public void a_time_format_without_a_date_reads_as_a_time_of_day(string formatCode, string serial, string expected)
    {
        Assert.Equal(expected, ReadOne(book => TestWorkbook.Number("A2", serial, book.Style(formatCode))));
    }

    [Theory]
    [InlineData("0.00")]
    [InlineData("[Red]0.00")]
    [InlineData("#,##0 \"days\"")]
    [InlineData("0.00E+00")]
    [InlineData("General")]
    [InlineData("_(* #,##0_);_(* (#,##0);_(* \"-\"??_);_(@_)")]
    [InlineData("[$USD] #,##0.00")]
    public void a_number_format_that_only_looks_datey_keeps_the_number(string formatCode)
    {
        Assert.Equal("45306", ReadOne(book => TestWorkbook.Number("A2", "45306", book.Style(formatCode))));
    }

    [Fact]
    public void a_workbook_on_the_1904_system_counts_from_1904()
    {
        var book = new TestWorkbook { Date1904 = true };
        Assert.Equal("2024-01-15", ReadOne(book, TestWorkbook.Number("A2", "43844", book.Style(14))));
        Assert.Equal("1904-01-01", ReadOne(new TestWorkbook { Date1904 = true }, b => TestWorkbook.Number("A2", "0", b.Style(14))));
    }

    [Theory]
    [InlineData("2024-01-15T00:00:00", "2024-01-15")]
    [InlineData("2024-01-15T09:30:00", "2024-01-15T09:30:00")]
    public void an_iso_date_cell_reads_in_the_same_shape(string stored, string expected)
    {
        Assert.Equal(expected, ReadOne(_ => new Cell
        {
            CellReference = "A2",
            DataType = CellValues.Date,
            CellValue = new CellValue(stored),
        }));
    }

    [Fact]
    public void a_date_style_on_a_text_cell_leaves_the_text_alone()
    {
        Assert.Equal("soon", ReadOne(book =>
        {
            var cell = TestWorkbook.Inline("A2", "soon");
            cell.StyleIndex = book.Style(14);
            return cell;
        }));
    }

    [Fact]
    public void a_serial_outside_excels_calendar_stays_a_number()
    {
        Assert.Equal("-5", ReadOne(book => TestWorkbook.Number("A2", "-5", book.Style(14))));
    }

    private static string? ReadOne(Func<TestWorkbook, Cell> cell) => ReadOne(new TestWorkbook(), cell);

    private static string? ReadOne(TestWorkbook book, Func<TestWorkbook, Cell> cell) =>
        ReadOne(book, cell(book));

    private static string? ReadOne(TestWorkbook book, Cell cell)
    {
        book.Sheet("Stock", TestWorkbook.Row(1, TestWorkbook.Inline("A1", "as_of")), TestWorkbook.Row(2, cell));
        using var reader = book.Open();
        return Assert.Single(TestWorkbook.ReadAll(reader)).Cells[0];
    }
}
