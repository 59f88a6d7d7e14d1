using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;
using static Hub.StockReports.Tests.Rows.StockRowFixtures;
using static Hub.StockReports.Tests.Xlsx.TestWorkbook;

namespace Hub.StockReports.Tests.Xlsx;

public sealed class when_an_xlsx_header_stands_below_title_rows
{
    private static readonly TabularReaderOptions Options = new() { RateHeader = StockHeaderMapper.RateHeader(Operator()) };

    [Fact]
    public void the_header_is_found_and_rows_keep_their_spreadsheet_numbers()
    {
        var workbook = new TestWorkbook();
        workbook.Sheet("Stock",
            Row(1, Inline("A1", "EU Fulfilment — stock on hand")),
            Row(2, Inline("A2", "Warehouse"), Inline("B2", "DE-01")),
            Row(3, Inline("A3", "sku"), Inline("B3", "printed 2026-11-25")),
            Row(6, Inline("A6", "warehouse"), Inline("B6", "sku"), Inline("C6", "qty")),
            Row(7, Inline("A7", "DE-01"), Inline("B7", "A-1"), Number("C7", "5")));

        using var reader = workbook.Open(Options);
        var rows = ReadAll(reader);

        Assert.Equal(["warehouse", "sku", "qty"], reader.Header);
        Assert.Equal(7, Assert.Single(rows).RowNumber);
    }

    [Fact]
    public void a_header_below_row_20_is_not_looked_for_and_the_best_candidate_above_is_refused_by_the_mapping()
    {
        var workbook = new TestWorkbook();
        workbook.Sheet("Stock",
            Row(1, Inline("A1", "Stock")),
            Row(2, Inline("A2", "sku"), Inline("B2", "count")),
            Row(21, Inline("A21", "warehouse"), Inline("B21", "sku"), Inline("C21", "qty")));

        using var reader = workbook.Open(Options);

        Assert.Equal(["sku", "count"], reader.Header);
        Assert.Contains("missing required columns warehouse_code, on_hand", Assert.IsType<StockHeaderMapping.Rejected>(StockHeaderMapper.Map(reader.Header, Operator())).Reason);
    }
}
