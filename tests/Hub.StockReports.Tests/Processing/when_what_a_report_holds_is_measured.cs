using Hub.Contracts.Stock;
using Hub.StockReports.Processing;
using Hub.StockReports.Rows;

namespace Hub.StockReports.Tests.Processing;

/// <summary>Measurements of the whole process's heap: alone, so that no other test's allocations are counted.</summary>
[CollectionDefinition(nameof(HeapMeasurements), DisableParallelization = true)]
public sealed class HeapMeasurements;

[Collection(nameof(HeapMeasurements))]
public sealed class when_what_a_report_holds_is_measured
{
    [Fact]
    public void a_million_repeats_of_one_row_and_a_million_lots_of_one_sku_hold_no_more_than_one_events_worth()
    {
        var level = new SkuStockLevel(new StockReportOptions().MaxEventDataBytes);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        level.Add(new StockLine(2, "W1", "DUP-1", 1));
        for (var row = 3; row < 1_000_003; row++)
            Assert.NotNull(level.Add(new StockLine(row, "W1", "DUP-1", 1)));
        var afterRepeats = GC.GetTotalMemory(forceFullCollection: true);
        level.Clear();
        for (var row = 2; row < 1_000_002; row++)
            Assert.Null(level.Add(new StockLine(row, "W1", "MANY-LOTS", 1, Lot: $"LOT-{row:D7}")));
        var afterLots = GC.GetTotalMemory(forceFullCollection: true);

        // Live objects after a full collection: a million lines held in a list would be some 100 MB; what stays here is
        // one line of the lot being read and the lots that fit one event (56 KB of JSON).
        Assert.InRange(afterRepeats - before, long.MinValue, 1 << 20);
        Assert.InRange(afterLots - before, long.MinValue, 1 << 20);
        Assert.Equal(1_000_000, level.LotCount);
        var (line, leftOut) = level.Build(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        Assert.True(leftOut);
        Assert.Equal((1_000_000L, (IReadOnlyList<StockLotLine>?)null), (line.OnHand, line.Lots));
    }

    /// <remarks>
    /// What this shows: the heap's peak over a whole run (read, sort, merge, publish) is about the same for ten times the
    /// repeated rows, where holding them (as a SKU's group of lines did) grew it by some 150 MB per million. What it does not:
    /// an exact bound, since the sampled heap includes garbage not yet collected; sorted runs of 100,000 lines are held
    /// by design, equally in both.
    /// </remarks>
    [Fact]
    public async Task the_peak_heap_of_a_run_does_not_grow_with_ten_times_the_repeated_rows()
    {
        var small = await PeakHeapAsync(100_000);
        var large = await PeakHeapAsync(1_000_000);

        Assert.True(large - small < 48L << 20, $"peak heap {small >> 20} MiB for 100,000 repeats, {large >> 20} MiB for 1,000,000");
    }

    private static async Task<long> PeakHeapAsync(int rows)
    {
        var content = when_a_report_repeats_one_row.Repeated("W1,DUP-1,1\n", rows);
        await using var harness = new StockReportHarness();
        var outcome = await harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "repeats.csv", new MemoryStream(content), TestContext.Current.CancellationToken);
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        using var done = new CancellationTokenSource();
        long peak = 0;
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(2);
            }
        }, TestContext.Current.CancellationToken);
        var status = await harness.Processor.RunAsync(StockReportHarness.OperatorId, outcome.Status.ReportId, TestContext.Current.CancellationToken);
        await done.CancelAsync();
        await sampler;

        Assert.Equal((rows - 1L, 1L), (status.RowsRejected, status.StockLevels));
        return peak - baseline;
    }
}
