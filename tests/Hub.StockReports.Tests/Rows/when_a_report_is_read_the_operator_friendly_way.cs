using System.Text;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Hub.StockReports.Tests.Processing;
using Hub.StockReports.Tests.Xlsx;

namespace Hub.StockReports.Tests.Rows;

/// <summary>The product owner's choices, seen where an operator sees them: the report's status and its errors.</summary>
public sealed class when_a_report_is_read_the_operator_friendly_way
{
    [Fact]
    public async Task an_unknown_column_is_ignored_and_named_in_the_status_as_a_warning()
    {
        await using var harness = new StockReportHarness();

        var status = await harness.RunAsync("stock.csv", Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand,colour\nW1,A-1,5,red\nW1,A-2,6,blue\n"));

        Assert.Equal(StockReportStatuses.Completed, status.Status);
        Assert.Equal(2, status.RowsAccepted);
        var warning = Assert.Single(status.Warnings!);
        Assert.StartsWith("ignored column 'colour' (column 4): it names no stock column;", warning);
    }

    [Fact]
    public async Task a_report_with_only_known_columns_has_no_warnings()
    {
        await using var harness = new StockReportHarness();

        var status = await harness.RunAsync("stock.csv", Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand\nW1,A-1,5\n"));

        Assert.Null(status.Warnings);
    }

    [Fact]
    public async Task an_xlsx_header_below_title_rows_is_found_and_errors_carry_spreadsheet_row_numbers()
    {
        await using var harness = new StockReportHarness();
        var workbook = new TestWorkbook();
        workbook.Sheet("Stock",
            TestWorkbook.Row(1, TestWorkbook.Inline("A1", "Stock report, November")),
            TestWorkbook.Row(2, TestWorkbook.Inline("A2", "Warehouse"), TestWorkbook.Inline("B2", "W1")),
            TestWorkbook.Row(4, TestWorkbook.Inline("A4", "warehouse_code"), TestWorkbook.Inline("B4", "sku"), TestWorkbook.Inline("C4", "on_hand")),
            TestWorkbook.Row(5, TestWorkbook.Inline("A5", "W1"), TestWorkbook.Inline("B5", "A-1"), TestWorkbook.Number("C5", "5")),
            TestWorkbook.Row(6, TestWorkbook.Inline("A6", "W1"), TestWorkbook.Inline("B6", "A-2"), TestWorkbook.Inline("C6", "12,0")),
            TestWorkbook.Row(7, TestWorkbook.Inline("A7", "W1"), TestWorkbook.Inline("B7", "A-3"), TestWorkbook.Inline("C7", "12.0")));

        var status = await harness.RunAsync("stock.xlsx", workbook.ToBytes());

        Assert.Equal(StockReportStatuses.CompletedWithErrors, status.Status);
        Assert.Equal((2L, 1L), (status.RowsAccepted!.Value, status.RowsRejected!.Value));
        var error = Assert.Single(status.Errors!);
        Assert.Equal((6L, "on_hand", "12,0"), (error.Row, error.Column, error.Value));
        Assert.Contains("decimal comma", error.Message);
    }

    [Fact]
    public async Task a_csv_header_below_title_rows_counts_its_own_row_and_quoted_line_breaks_do_not()
    {
        await using var harness = new StockReportHarness();

        var status = await harness.RunAsync("stock.csv", Encoding.UTF8.GetBytes(
            "Stock report,,,\nWarehouse W1,,,\nwarehouse_code,sku,on_hand,description\nW1,A-1,5,\"two\nlines\"\nW1,A-2,x,\"three\r\nlines\r\nhere\"\nW1,A-3,-1,plain\n"));

        Assert.Equal([(5L, "on_hand"), (6L, "on_hand")], status.Errors!.Select(e => (e.Row, e.Column)));
    }

    [Fact]
    public async Task twelve_point_zero_is_twelve_in_csv_as_in_xlsx()
    {
        await using var harness = new StockReportHarness();

        var status = await harness.RunAsync("stock.csv", Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand,available\nW1,A-1,12.0,12.00\n"));

        Assert.Equal(StockReportStatuses.Completed, status.Status);
        var level = Assert.Single(harness.Bus.Published.Where(p => p.Event.Type == StockEventTypes.Reported)
            .SelectMany(p => HubCloudEvents.GetData<StockReportedData>(p.Event).Lines));
        Assert.Equal((12L, 12L), (level.OnHand, level.Available!.Value));
    }

    [Fact]
    public async Task a_broken_ndjson_line_is_one_rejected_row_and_the_valid_lines_are_accepted()
    {
        await using var harness = new StockReportHarness();

        var status = await harness.RunAsync("stock.ndjson", Encoding.UTF8.GetBytes(
            "{\"warehouse_code\":\"W1\",\"sku\":\"A-1\",\"on_hand\":5}\n{\"warehouse_code\":\"W1\",\"sku\":\"A-2\",\"on_h\n{\"warehouse_code\":\"W1\",\"sku\":\"A-3\",\"on_hand\":7}\n"));

        Assert.Equal(StockReportStatuses.CompletedWithErrors, status.Status);
        Assert.Equal((3L, 2L, 1L), (status.RowsTotal!.Value, status.RowsAccepted!.Value, status.RowsRejected!.Value));
        Assert.Equal(2L, Assert.Single(status.Errors!).Row);
    }
}
