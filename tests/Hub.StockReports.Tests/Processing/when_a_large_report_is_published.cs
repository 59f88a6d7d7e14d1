using System.Text;
using System.Text.Json;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Events;

namespace Hub.StockReports.Tests.Processing;

public sealed class when_a_large_report_is_published
{
    private const int ServiceBusLimit = 256 * 1024;

    [Theory]
    [InlineData(240 * 1024)]
    [InlineData(null)]
    public async Task every_event_stays_under_the_limit_batches_fill_up_to_it_and_each_sku_travels_in_exactly_one(int? maxEventDataBytes)
    {
        var options = new StockReportOptions();
        if (maxEventDataBytes is { } max) options.MaxEventDataBytes = max;
        // The default keeps events off the large object heap; the largest setting still fits Service Bus's 256 KB.
        var limit = maxEventDataBytes is null ? 64 * 1024 : ServiceBusLimit - 8 * 1024;
        await using var harness = new StockReportHarness(options);
        var (csv, skus) = LargeReport(20_000);

        var status = await harness.RunAsync("large.csv", csv);

        Assert.Equal(StockReportStatuses.Completed, status.Status);
        var events = harness.Bus.Published.Where(p => p.Event.Type == StockEventTypes.Reported).ToList();
        Assert.All(events, p => Assert.Equal(Topics.Stock, p.Topic));
        var sizes = events.Select(p => HubCloudEvents.Encode(p.Event).Length).ToList();
        Assert.All(sizes, size => Assert.InRange(size, 1, limit));
        // Batches are filled, not one line each: all but the last of each warehouse carry most of the allowance.
        Assert.True(sizes.Count(s => s > options.MaxEventDataBytes * 3 / 4) >= sizes.Count - 2, string.Join(", ", sizes));

        var data = events.Select(p => HubCloudEvents.GetData<StockReportedData>(p.Event)).ToList();
        var lines = data.SelectMany(d => d.Lines.Select(l => (d.Warehouse, l.Sku))).ToList();
        Assert.Equal(skus, lines.Count);
        Assert.Equal(lines.Count, lines.Distinct().Count());
        Assert.Equal(skus, status.StockLevels);
        foreach (var warehouse in new[] { "W1", "W2" })
            Assert.Equal(Enumerable.Range(1, data.Count(d => d.Warehouse == warehouse)), data.Where(d => d.Warehouse == warehouse).Select(d => d.Batch));

        var lots = data.SelectMany(d => d.Lines).Single(l => l.Sku == "MANY-LOTS");
        Assert.Equal(40, lots.Lots!.Count);
        Assert.Equal(Enumerable.Range(0, 40).Sum(), lots.OnHand);
    }

    [Fact]
    public async Task the_same_report_run_again_publishes_the_very_same_events()
    {
        await using var harness = new StockReportHarness();
        var (csv, _) = LargeReport(5_000);
        var first = await harness.RunAsync("again.csv", csv);
        var firstEvents = harness.Bus.Published.Select(p => (p.Event.Id, Encoded(p.Event))).ToList();

        // As after a crash: the status still says processing, and the run starts over.
        await harness.Statuses.PutAsync(first with { Status = StockReportStatuses.Processing }, TestContext.Current.CancellationToken);
        var second = await harness.Processor.RunAsync(StockReportHarness.OperatorId, first.ReportId, TestContext.Current.CancellationToken);

        Assert.Equal(StockReportStatuses.Completed, second.Status);
        Assert.Equal(2, second.Attempts);
        Assert.Equal(firstEvents, harness.Bus.Published.Skip(firstEvents.Count).Select(p => (p.Event.Id, Encoded(p.Event))).ToList());
    }

    [Fact]
    public async Task a_sku_below_the_operators_threshold_raises_stock_low_with_the_sku_threshold_before_the_default()
    {
        await using var harness = new StockReportHarness();
        var status = await harness.RunAsync("low.csv", Encoding.UTF8.GetBytes("""
            warehouse_code,sku,on_hand,available
            W1,PLENTY,50,40
            W1,SCARCE,50,4
            W2,SPECIAL,500,99
            W2,NO-AVAILABLE,3,
            """));

        var lows = harness.Bus.Published.Where(p => p.Event.Type == StockEventTypes.Low)
            .Select(p => HubCloudEvents.GetData<StockLowData>(p.Event)).OrderBy(l => l.Sku).ToList();
        Assert.Equal([("NO-AVAILABLE", 3L, 5L), ("SCARCE", 4L, 5L), ("SPECIAL", 99L, 100L)], lows.Select(l => (l.Sku, l.Available, l.Threshold)));
        Assert.Equal(3, status.LowStockAlerts);
        Assert.All(lows, l => Assert.Equal(status.ReportId, l.ReportId));
    }

    private static string Encoded(CloudNative.CloudEvents.CloudEvent e) => Encoding.UTF8.GetString(HubCloudEvents.Encode(e).Span);

    /// <summary>Long Chinese descriptions (three bytes each in UTF-8), two warehouses, and one SKU in 40 lots.</summary>
    private static (byte[] Csv, int Skus) LargeReport(int rows)
    {
        var csv = new StringBuilder("warehouse_code,sku,on_hand,available,description,lot,as_of\n");
        for (var i = 0; i < rows; i++)
            csv.Append($"W{i % 2 + 1},SKU-{i:D6},{i % 1000 + 10},{i % 1000 + 10},\"浙江制造 离心水泵 0.75千瓦 \"\"型号 {i}\"\" 不锈钢 出口欧洲\",,2026-11-25\n");
        for (var lot = 0; lot < 40; lot++)
            csv.Append($"W1,MANY-LOTS,{lot},,,L{lot:D2},2026-11-25\n");
        return (Encoding.UTF8.GetBytes(csv.ToString()), rows + 1);
    }
}

public sealed class when_a_long_report_runs
{
    [Fact]
    public async Task its_status_shows_the_rows_read_and_then_the_stock_levels_published_so_far()
    {
        await using var harness = new StockReportHarness(new StockReportOptions { ProgressEveryRows = 500, MaxEventDataBytes = 4 * 1024 });
        var seen = new List<(string Status, long RowsRead, long? Levels)>();
        string? reportId = null;
        harness.Bus.BeforePublish = async () =>
        {
            if (await harness.Statuses.GetAsync(StockReportHarness.OperatorId, reportId!, TestContext.Current.CancellationToken) is { } status)
                seen.Add((status.Status, status.RowsRead, status.StockLevels));
        };
        var csv = new System.Text.StringBuilder("warehouse_code,sku,on_hand\n");
        for (var i = 0; i < 3_000; i++) csv.Append($"W1,P-{i:D5},{i}\n");
        var outcome = await harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "progress.csv",
            new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv.ToString())), TestContext.Current.CancellationToken);
        reportId = outcome.Status.ReportId;

        var final = await harness.Processor.RunAsync(StockReportHarness.OperatorId, reportId, TestContext.Current.CancellationToken);

        Assert.Equal(StockReportStatuses.Completed, final.Status);
        Assert.All(seen, s => Assert.Equal((StockReportStatuses.Processing, 3_000L), (s.Status, s.RowsRead)));
        var levels = seen.Select(s => s.Levels ?? 0).ToList();
        Assert.Equal(levels.Order(), levels);
        Assert.Contains(levels, l => l is > 0 and < 3_000);
    }
}
