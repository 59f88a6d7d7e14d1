using System.Text;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Hub.StockReports.Processing;
using Hub.StockReports.Rows;

namespace Hub.StockReports.Tests.Processing;

public sealed class when_lines_are_sorted_for_publishing
{
    [Fact]
    public void lines_spread_over_many_runs_come_back_complete_in_warehouse_sku_lot_row_order()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"hub-sorted-{Guid.NewGuid():N}");
        var random = new Random(7);
        var lines = Enumerable.Range(0, 1_000).Select(i => new StockLine(i + 2, $"W{random.Next(3)}", $"SKU-{random.Next(300):D3}", i,
            Description: i % 3 == 0 ? $"desc {i}" : null, Lot: i % 5 == 0 ? $"L{i}" : null, Expiry: i % 7 == 0 ? new DateOnly(2030, 1, 1) : null,
            AsOf: i % 11 == 0 ? new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.FromHours(8)) : null)).ToList();

        List<StockLine> sorted;
        using (var sorter = new SortedStockLines(folder, runSize: 64))
        {
            foreach (var line in lines) sorter.Add(line);
            sorted = sorter.ReadSorted(w => w).ToList();
            Assert.True(Directory.EnumerateFiles(folder).Count() >= 15, "the lines went through work files");
        }

        Assert.Equal(lines.OrderBy(l => l.Warehouse, StringComparer.Ordinal).ThenBy(l => l.Sku, StringComparer.Ordinal)
            .ThenBy(l => l.Lot, StringComparer.Ordinal).ThenBy(l => l.Row), sorted);
        Assert.Empty(Directory.EnumerateFiles(folder));
    }

    [Fact]
    public async Task the_lots_of_a_sku_scattered_through_a_report_are_summed_into_one_level_and_batches_hold_neighbouring_skus()
    {
        await using var harness = new StockReportHarness();
        var csv = new StringBuilder("warehouse_code,sku,on_hand,lot\n");
        for (var i = 0; i < 3_000; i++) csv.Append($"W{i % 2 + 1},SKU-{(i * 7919) % 3_000:D5},1,\n");
        csv.Append("W1,SKU-00010,5,EXTRA-A\nW1,SKU-00010,7,EXTRA-B\n");

        var status = await harness.RunAsync("scattered.csv", Encoding.UTF8.GetBytes(csv.ToString()));

        Assert.Equal(StockReportStatuses.Completed, status.Status);
        var data = harness.Bus.Published.Where(p => p.Event.Type == StockEventTypes.Reported).Select(p => HubCloudEvents.GetData<StockReportedData>(p.Event)).ToList();
        var level = data.SelectMany(d => d.Lines.Select(l => (d.Warehouse, l))).Single(x => x.Warehouse == "W1" && x.l.Sku == "SKU-00010").l;
        Assert.Equal(13, level.OnHand);
        Assert.Equal([null, "EXTRA-A", "EXTRA-B"], level.Lots!.Select(l => l.Lot));
        foreach (var batch in data)
            Assert.Equal(batch.Lines.Select(l => l.Sku).Order(StringComparer.Ordinal), batch.Lines.Select(l => l.Sku));
    }
}
