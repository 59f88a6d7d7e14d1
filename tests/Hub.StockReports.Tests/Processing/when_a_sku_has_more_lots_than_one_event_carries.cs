using System.Text;
using Hub.Contracts.Stock;
using Hub.Core.Events;

namespace Hub.StockReports.Tests.Processing;

public sealed class when_a_sku_has_more_lots_than_one_event_carries
{
    [Fact]
    public async Task its_totals_are_published_and_the_status_warns_that_its_lot_breakdown_was_left_out()
    {
        await using var harness = new StockReportHarness();
        var csv = new StringBuilder("warehouse_code,sku,on_hand,available,lot,expiry\n");
        for (var lot = 0; lot < 1_500; lot++) csv.Append($"W1,MANY-LOTS,{lot % 7 + 1},{lot % 7},LOT-{lot:D5},2027-06-30\n");
        csv.Append("W1,FEW-LOTS,3,,A,\nW1,FEW-LOTS,4,,B,\n");

        var status = await harness.RunAsync("lots.csv", Encoding.UTF8.GetBytes(csv.ToString()));

        Assert.Equal(StockReportStatuses.Completed, status.Status);
        Assert.Equal(1_502, status.RowsAccepted);
        var warning = Assert.Single(status.Warnings!);
        Assert.StartsWith("W1/MANY-LOTS has 1500 lots, more than one stock.reported event carries", warning, StringComparison.Ordinal);
        Assert.EndsWith("its totals are published, its lot breakdown is left out", warning, StringComparison.Ordinal);
        var lines = harness.Bus.Published.Where(p => p.Event.Type == StockEventTypes.Reported)
            .SelectMany(p => HubCloudEvents.GetData<StockReportedData>(p.Event).Lines).ToDictionary(l => l.Sku);
        var many = lines["MANY-LOTS"];
        Assert.Equal((Enumerable.Range(0, 1_500).Sum(l => l % 7 + 1L), (long?)Enumerable.Range(0, 1_500).Sum(l => l % 7L)), (many.OnHand, many.Available));
        Assert.Null(many.Lots);
        Assert.Equal([("A", 3L), ("B", 4L)], lines["FEW-LOTS"].Lots!.Select(l => (l.Lot!, l.OnHand)));
    }

    [Fact]
    public async Task the_status_lists_the_first_hundred_such_skus_and_counts_the_rest()
    {
        await using var harness = new StockReportHarness(new StockReportOptions { MaxEventDataBytes = 1024 });
        var csv = new StringBuilder("warehouse_code,sku,on_hand,lot\n");
        for (var sku = 0; sku < 130; sku++)
            for (var lot = 0; lot < 60; lot++) csv.Append($"W1,SKU-{sku:D3},1,LOT-{lot:D2}\n");

        var status = await harness.RunAsync("many-skus.csv", Encoding.UTF8.GetBytes(csv.ToString()));

        Assert.Equal(StockReportStatuses.MaxListedErrors + 1, status.Warnings!.Count);
        Assert.StartsWith("W1/SKU-000 has 60 lots", status.Warnings[0], StringComparison.Ordinal);
        Assert.Equal("and 30 more warnings like these", status.Warnings[^1]);
        Assert.Equal(130, status.StockLevels);
    }
}
