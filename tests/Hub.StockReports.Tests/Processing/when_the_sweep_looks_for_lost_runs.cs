using System.Text;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Hub.StockReports.Running;
using Microsoft.Extensions.Time.Testing;

namespace Hub.StockReports.Tests.Processing;

/// <summary>
/// A report whose run request never made it to the bus (the harness's intake only notes it, as a crash between storing the
/// status and publishing would leave it) is found by the sweep once it has stood still past its due time, and run.
/// </summary>
public sealed class when_the_sweep_looks_for_lost_runs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Report = Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand\nW1,A,1\n");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _clock = new(Now);

    private async Task<StockReportStatus> ReceivedWithoutRequestAsync(StockReportHarness harness) =>
        (await harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "report.csv", new MemoryStream(Report), Ct)).Status;

    private static IReadOnlyList<StockReportRunRequested> Requested(StockReportHarness harness) =>
        harness.Bus.Scheduled.Select(s => HubCloudEvents.GetData<StockReportRunRequested>(s.Event)).ToList();

    [Fact]
    public async Task a_received_report_is_requested_once_it_has_waited_past_the_grace_and_then_completes()
    {
        await using var harness = new StockReportHarness(new StockReportOptions { SweepAfter = TimeSpan.FromMinutes(2) }, clock: _clock);
        var report = await ReceivedWithoutRequestAsync(harness);

        Assert.Equal(0, await harness.Sweep.SweepOnceAsync(Ct));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await harness.Sweep.SweepOnceAsync(Ct));

        var (topic, request, notBefore) = Assert.Single(harness.Bus.Scheduled);
        Assert.Equal((Topics.Stock, Now.AddMinutes(2)), (topic, notBefore));
        Assert.Equal(new StockReportRunRequested(report.OperatorId, report.ReportId, 1), HubCloudEvents.GetData<StockReportRunRequested>(request));
        await harness.RunHandler.HandleAsync(request, Ct);
        Assert.Equal(StockReportStatuses.Completed, (await harness.Statuses.GetAsync(report.OperatorId, report.ReportId, Ct))!.Status);
        Assert.Equal(0, await harness.Sweep.SweepOnceAsync(Ct));
    }

    [Fact]
    public async Task a_report_left_processing_is_requested_for_its_attempt_only_past_the_runners_longest_run()
    {
        await using var harness = new StockReportHarness(new StockReportOptions { SweepAfter = TimeSpan.FromMinutes(2) }, clock: _clock);
        var report = await ReceivedWithoutRequestAsync(harness);
        await harness.Statuses.PutAsync(report with { Status = StockReportStatuses.Processing, Attempts = 1, StartedAt = Now }, Ct);

        _clock.Advance(Consumers.RunStockReport.LongestRun);
        Assert.Equal(0, await harness.Sweep.SweepOnceAsync(Ct));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await harness.Sweep.SweepOnceAsync(Ct));

        Assert.Equal(1, Assert.Single(Requested(harness)).Attempt);
    }

    [Fact]
    public async Task a_failed_report_with_attempts_left_is_requested_past_its_retry_time_and_one_out_of_attempts_is_not()
    {
        await using var harness = new StockReportHarness(new StockReportOptions { SweepAfter = TimeSpan.FromMinutes(2) }, clock: _clock);
        var report = await ReceivedWithoutRequestAsync(harness);
        var other = (await harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "other.csv",
            new MemoryStream(Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand\nW1,B,1\n")), Ct)).Status;
        await harness.Statuses.PutAsync(report with { Status = StockReportStatuses.Failed, Attempts = 1, CompletedAt = Now }, Ct);
        await harness.Statuses.PutAsync(other with { Status = StockReportStatuses.Failed, Attempts = StockReportRunRequests.MaxAttempts, CompletedAt = Now }, Ct);

        _clock.Advance(harness.Requests.RetryDelay(1));
        Assert.Equal(0, await harness.Sweep.SweepOnceAsync(Ct));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await harness.Sweep.SweepOnceAsync(Ct));

        var requested = Assert.Single(Requested(harness));
        Assert.Equal((report.ReportId, 2), (requested.ReportId, requested.Attempt));
    }

    [Fact]
    public async Task a_report_received_while_the_bus_is_down_keeps_its_receipt_and_the_sweep_requests_it_once_the_bus_is_back()
    {
        await using var harness = new StockReportHarness(new StockReportOptions { SweepAfter = TimeSpan.FromMinutes(2) }, clock: _clock);
        var report = await ReceivedWithoutRequestAsync(harness);
        harness.Bus.Unavailable = true;

        await harness.Requests.ScheduleAsync(report, Ct);

        Assert.Empty(harness.Bus.Published);
        Assert.Equal(StockReportStatuses.Received, (await harness.Statuses.GetAsync(report.OperatorId, report.ReportId, Ct))!.Status);
        harness.Bus.Unavailable = false;
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await harness.Sweep.SweepOnceAsync(Ct));
        Assert.Equal(1, Assert.Single(Requested(harness)).Attempt);
    }

    [Fact]
    public async Task settled_reports_are_left_alone()
    {
        await using var harness = new StockReportHarness(new StockReportOptions { SweepAfter = TimeSpan.Zero }, clock: _clock);
        var report = await ReceivedWithoutRequestAsync(harness);
        await harness.RunHandler.HandleAsync(HubCloudEvents.Create("r", StockEventTypes.RunRequested, EventSources.StockReports, "s", Now,
            new StockReportRunRequested(report.OperatorId, report.ReportId, 1)), Ct);
        _clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(0, await harness.Sweep.SweepOnceAsync(Ct));
        Assert.Empty(harness.Bus.Scheduled);
    }
}
