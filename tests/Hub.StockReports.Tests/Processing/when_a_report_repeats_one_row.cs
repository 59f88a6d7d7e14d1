using System.Text;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Hub.StockReports.Processing;
using Hub.StockReports.Rows;

namespace Hub.StockReports.Tests.Processing;

public sealed class when_a_report_repeats_one_row
{
    [Fact]
    public async Task every_repeat_across_the_sorted_runs_is_a_duplicate_of_the_first_and_one_level_is_published()
    {
        await using var harness = new StockReportHarness();
        // More rows than one sorted run holds, so that the repeats meet only in the merge of runs from disk.
        const int rows = SortedStockLines.DefaultRunSize * 2 + 500;

        var status = await harness.RunAsync("repeats.csv", Repeated("W1,DUP-1,1\n", rows));

        Assert.Equal(StockReportStatuses.CompletedWithErrors, status.Status);
        Assert.Equal((rows, 1L, rows - 1L, 1L), (status.RowsTotal, status.RowsAccepted, status.RowsRejected, status.StockLevels));
        Assert.Equal(new StockRowErrorView(3, "sku", "DUP-1", "duplicate of row 2"), status.Errors![0]);
        Assert.Equal(StockReportStatuses.MaxListedErrors, status.Errors.Count);
        var line = Assert.Single(harness.Bus.Published.Where(p => p.Event.Type == StockEventTypes.Reported)
            .SelectMany(p => HubCloudEvents.GetData<StockReportedData>(p.Event).Lines));
        Assert.Equal(("DUP-1", 1L, (IReadOnlyList<StockLotLine>?)null), (line.Sku, line.OnHand, line.Lots));
    }

    [Fact]
    public async Task repeats_of_each_lot_are_refused_against_that_lots_first_row_and_the_lots_are_summed_once()
    {
        await using var harness = new StockReportHarness();
        var csv = new StringBuilder("warehouse_code,sku,on_hand,lot\n");
        // Lots B, A, B, A, ... with one B later conflicting: rows 2 (B) and 3 (A) stand.
        for (var i = 0; i < 1_000; i++) csv.Append(i % 2 == 0 ? "W1,SKU,5,B\n" : "W1,SKU,7,A\n");
        csv.Append("W1,SKU,9,B\n");

        var status = await harness.RunAsync("lot-repeats.csv", Encoding.UTF8.GetBytes(csv.ToString()));

        Assert.Equal((2L, 999L), (status.RowsAccepted, status.RowsRejected));
        // Found in the merge, lot by lot: A's repeats come first, then B's.
        Assert.Equal(new StockRowErrorView(5, "lot", "A", "duplicate of row 3"), status.Errors![0]);
        var line = HubCloudEvents.GetData<StockReportedData>(Assert.Single(harness.Bus.Published, p => p.Event.Type == StockEventTypes.Reported).Event).Lines.Single();
        Assert.Equal(12, line.OnHand);
        Assert.Equal([("A", 7L), ("B", 5L)], line.Lots!.Select(l => (l.Lot!, l.OnHand)));
        var csvErrors = await ErrorsCsvAsync(harness, status);
        Assert.Contains("4,lot,B,duplicate of row 2", csvErrors, StringComparison.Ordinal);
        Assert.Contains("1002,lot,B,\"conflicts with row 2, which gives the same warehouse, sku and lot other values: on_hand 5 there, 9 here\"", csvErrors, StringComparison.Ordinal);
    }

    internal static byte[] Repeated(string row, int times)
    {
        var csv = new StringBuilder("warehouse_code,sku,on_hand\n", 30 + row.Length * times);
        for (var i = 0; i < times; i++) csv.Append(row);
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static async Task<string> ErrorsCsvAsync(StockReportHarness harness, StockReportStatus status)
    {
        await using var stream = await harness.Blobs.OpenReadAsync(StockReportBlobs.Errors, StockReportProcessor.ErrorsBlobName(status), TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream!);
        return await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
    }
}
