using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Xlsx;

public sealed class when_an_xlsx_sheet_is_chosen
{
    private static TestWorkbook TwoSheets() => new TestWorkbook()
        .Sheet("Summary", TestWorkbook.Row(1, TestWorkbook.Inline("A1", "total")), TestWorkbook.Row(2, TestWorkbook.Number("A2", "99")))
        .Sheet("库存 Stock", TestWorkbook.Row(1, TestWorkbook.Inline("A1", "sku")), TestWorkbook.Row(2, TestWorkbook.Inline("A2", "SKU-1")));

    [Fact]
    public void the_first_sheet_is_read_when_none_is_named()
    {
        using var reader = TwoSheets().Open();

        Assert.Equal(["total"], reader.Header);
    }

    [Fact]
    public void the_named_sheet_is_read()
    {
        using var reader = TwoSheets().Open(new TabularReaderOptions { SheetName = "库存 Stock" });

        Assert.Equal(["sku"], reader.Header);
        Assert.Equal(["SKU-1"], Assert.Single(TestWorkbook.ReadAll(reader)).Cells);
    }

    [Fact]
    public void a_sheet_name_differing_only_in_case_still_finds_the_sheet()
    {
        using var reader = TwoSheets().Open(new TabularReaderOptions { SheetName = "库存 STOCK" });

        Assert.Equal(["sku"], reader.Header);
    }

    [Fact]
    public void an_unknown_sheet_name_is_refused_with_the_names_there_are()
    {
        var error = Assert.Throws<UnreadableReportException>(() => TwoSheets().Open(new TabularReaderOptions { SheetName = "Inventory" }));

        Assert.Contains("'Inventory'", error.Message);
        Assert.Contains("'Summary', '库存 Stock'", error.Message);
    }

    [Fact]
    public void a_hidden_first_sheet_is_passed_over()
    {
        var book = new TestWorkbook()
            .HiddenSheet("lookup", TestWorkbook.Row(1, TestWorkbook.Inline("A1", "code")))
            .Sheet("Stock", TestWorkbook.Row(1, TestWorkbook.Inline("A1", "sku")));

        using var reader = book.Open();

        Assert.Equal(["sku"], reader.Header);
    }

    [Fact]
    public void a_sheet_with_no_header_is_refused()
    {
        var book = new TestWorkbook().Sheet("Empty", TestWorkbook.Row(1), TestWorkbook.Row(2, TestWorkbook.Inline("A2", " ")));

        var error = Assert.Throws<UnreadableReportException>(() => book.Open());

        Assert.Contains("no header row", error.Message);
    }
}
