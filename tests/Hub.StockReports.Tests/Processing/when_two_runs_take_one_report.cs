using System.Text;
using Hub.Contracts.Stock;
using Hub.StockReports;

namespace Hub.StockReports.Tests.Processing;

/// <summary>
/// Event Grid may deliver one blob event twice, and a restarted host runs what a dead one left: two runs of one report
/// must not write over each other's status, and a run left behind must not stop the report.
/// </summary>
public sealed class when_two_runs_take_one_report
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Report(int rows) => Encoding.UTF8.GetBytes(
        "warehouse_code,sku,on_hand\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"W1,SKU-{i:D4},{i}\n")));

    [Fact]
    public async Task a_run_whose_report_another_run_took_over_stops_without_writing_over_it()
    {
        await using var harness = new StockReportHarness(new StockReportOptions { ProgressEveryRows = 10, MaxEventDataBytes = 2_000 });
        var received = await harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "twice.csv", new MemoryStream(Report(200)), Ct);
        var reportId = received.Status.ReportId;
        StockReportStatus? takenOver = null;
        harness.Bus.BeforePublish = async () =>
        {
            if (takenOver is not null) return;
            // What another run does when it starts: its own "processing" over the version it read.
            var (current, etag) = (await harness.Statuses.GetForUpdateAsync(StockReportHarness.OperatorId, reportId, Ct))!.Value;
            takenOver = current with { Attempts = current.Attempts + 1, RowsRead = 0 };
            Assert.NotNull(await harness.Statuses.ReplaceAsync(takenOver, etag, Ct));
        };

        var returned = await harness.Processor.RunAsync(StockReportHarness.OperatorId, reportId, Ct);

        Assert.NotNull(takenOver);
        Assert.Equal(StockReportStatuses.Processing, returned.Status);
        Assert.Equal(2, returned.Attempts);
        var stored = await harness.Statuses.GetAsync(StockReportHarness.OperatorId, reportId, Ct);
        Assert.Equal(takenOver, stored);
    }

    [Fact]
    public async Task two_runs_started_at_once_settle_the_report_once_and_publish_the_same_events()
    {
        await using var harness = new StockReportHarness(new StockReportOptions { ProgressEveryRows = 10, MaxEventDataBytes = 2_000 });
        var received = await harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "at-once.csv", new MemoryStream(Report(300)), Ct);
        var reportId = received.Status.ReportId;

        var runs = await Task.WhenAll(
            Task.Run(() => harness.Processor.RunAsync(StockReportHarness.OperatorId, reportId, Ct), Ct),
            Task.Run(() => harness.Processor.RunAsync(StockReportHarness.OperatorId, reportId, Ct), Ct));

        Assert.DoesNotContain(runs, r => r.Status == StockReportStatuses.Failed);
        var stored = (await harness.Statuses.GetAsync(StockReportHarness.OperatorId, reportId, Ct))!;
        Assert.Equal(StockReportStatuses.Completed, stored.Status);
        Assert.Equal(300, stored.StockLevels);
        // Whichever run published what, every event is one of a single run's events: the same ids carry the same levels.
        var reported = harness.Bus.Published.Where(p => p.Event.Type == StockEventTypes.Reported)
            .GroupBy(p => p.Event.Id).Select(g => g.First().Event).ToList();
        Assert.Equal(300, reported.Sum(e => ((StockReportedData)e.Data!).Lines.Count));
    }

    [Fact]
    public async Task a_report_a_dead_run_left_processing_is_taken_over_and_completed()
    {
        await using var harness = new StockReportHarness();
        var received = await harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "orphan.csv", new MemoryStream(Report(20)), Ct);
        var (status, etag) = (await harness.Statuses.GetForUpdateAsync(StockReportHarness.OperatorId, received.Status.ReportId, Ct))!.Value;
        await harness.Statuses.ReplaceAsync(status with { Status = StockReportStatuses.Processing, Attempts = 1, RowsRead = 10 }, etag, Ct);

        var completed = await harness.Processor.RunAsync(StockReportHarness.OperatorId, received.Status.ReportId, Ct);

        Assert.Equal(StockReportStatuses.Completed, completed.Status);
        Assert.Equal(2, completed.Attempts);
        Assert.Equal(20, completed.StockLevels);
    }
}
