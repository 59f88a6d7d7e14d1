using System.Text;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Hub.StockReports.Running;
using Microsoft.Extensions.Time.Testing;

namespace Hub.StockReports.Tests.Processing;

/// <summary>
/// The runner consumer: runs what a request names, and when a run fails on a fault of the hub publishes its retry for later
/// (nothing of it in memory). A request's attempt tells a live one from a stale redelivery.
/// </summary>
public sealed class when_a_report_run_is_requested
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Report = Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand\nW1,A,1\nW2,B,2\n");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CloudEvent Request(StockReportStatus report, int attempt) => HubCloudEvents.Create(
        StockReportRunRequested.IdFor(report.OperatorId, report.ReportId, attempt), StockEventTypes.RunRequested, EventSources.StockReports,
        $"{report.OperatorId}/{report.ReportId}", Now, new StockReportRunRequested(report.OperatorId, report.ReportId, attempt));

    private static async Task<StockReportStatus> ReceivedAsync(StockReportHarness harness) =>
        (await harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "report.csv", new MemoryStream(Report), Ct)).Status;

    private static async Task<StockReportStatus> StatusAsync(StockReportHarness harness, StockReportStatus report) =>
        (await harness.Statuses.GetAsync(report.OperatorId, report.ReportId, Ct))!;

    private static int Reported(StockReportHarness harness) => harness.Bus.Published.Count(p => p.Event.Type == StockEventTypes.Reported);

    [Fact]
    public async Task a_failure_of_the_hub_publishes_the_next_attempt_for_after_the_retry_delay_and_that_request_runs_it()
    {
        var clock = new FakeTimeProvider(Now);
        await using var harness = new StockReportHarness(clock: clock);
        var report = await ReceivedAsync(harness);
        var file = await harness.Blobs.OpenReadAsync(StockReportBlobs.Reports, report.BlobName, Ct);
        var bytes = new MemoryStream();
        await using (file) await file!.CopyToAsync(bytes, Ct);
        await harness.Blobs.DeleteAsync(StockReportBlobs.Reports, report.BlobName, Ct);

        await harness.RunHandler.HandleAsync(Request(report, 1), Ct);

        var failed = await StatusAsync(harness, report);
        Assert.Equal((StockReportStatuses.Failed, 1), (failed.Status, failed.Attempts));
        var (topic, retry, notBefore) = Assert.Single(harness.Bus.Scheduled);
        Assert.Equal(Topics.Stock, topic);
        Assert.Equal(StockReportRunRequested.IdFor(report.OperatorId, report.ReportId, 2), retry.Id);
        Assert.Equal(2, HubCloudEvents.GetData<StockReportRunRequested>(retry).Attempt);
        Assert.Equal(failed.CompletedAt + harness.Requests.RetryDelay(1), notBefore);
        Assert.Equal(TimeSpan.FromSeconds(5), harness.Requests.RetryDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(20), harness.Requests.RetryDelay(2));

        await harness.Blobs.UploadAsync(StockReportBlobs.Reports, report.BlobName, new MemoryStream(bytes.ToArray()), Ct);
        await harness.RunHandler.HandleAsync(retry, Ct);

        var completed = await StatusAsync(harness, report);
        Assert.Equal((StockReportStatuses.Completed, 2), (completed.Status, completed.Attempts));
        Assert.Equal(2, Reported(harness));
    }

    [Fact]
    public async Task a_retry_that_could_not_be_published_is_published_when_the_failed_request_is_redelivered()
    {
        await using var harness = new StockReportHarness(clock: new FakeTimeProvider(Now));
        var report = await ReceivedAsync(harness);
        harness.Bus.Unavailable = true;

        // The run fails on the bus, and so does publishing its retry: the request is left to the bus, which redelivers it.
        await Assert.ThrowsAsync<EventBusUnavailableException>(() => harness.RunHandler.HandleAsync(Request(report, 1), Ct));
        harness.Bus.Unavailable = false;
        await harness.RunHandler.HandleAsync(Request(report, 1), Ct);

        Assert.Equal((StockReportStatuses.Failed, 1), ((await StatusAsync(harness, report)).Status, (await StatusAsync(harness, report)).Attempts));
        var (_, retry, _) = Assert.Single(harness.Bus.Scheduled);
        Assert.Equal(2, HubCloudEvents.GetData<StockReportRunRequested>(retry).Attempt);
        Assert.Equal(0, Reported(harness));
    }

    [Fact]
    public async Task after_the_last_attempt_no_retry_is_published()
    {
        await using var harness = new StockReportHarness(clock: new FakeTimeProvider(Now));
        var report = await ReceivedAsync(harness);
        await harness.Statuses.PutAsync(report with { Status = StockReportStatuses.Failed, Attempts = StockReportRunRequests.MaxAttempts - 1, CompletedAt = Now }, Ct);
        harness.Bus.Unavailable = true;

        // The last attempt fails on the bus; with no retry to publish, the request is done with (the operator re-runs it).
        await harness.RunHandler.HandleAsync(Request(report, StockReportRunRequests.MaxAttempts), Ct);

        Assert.Equal((StockReportStatuses.Failed, StockReportRunRequests.MaxAttempts), ((await StatusAsync(harness, report)).Status, (await StatusAsync(harness, report)).Attempts));
        Assert.Empty(harness.Bus.Scheduled);
    }

    [Fact]
    public async Task a_request_redelivered_after_its_report_completed_runs_nothing()
    {
        await using var harness = new StockReportHarness();
        var report = await ReceivedAsync(harness);
        await harness.RunHandler.HandleAsync(Request(report, 1), Ct);
        var published = harness.Bus.Published.Count;

        await harness.RunHandler.HandleAsync(Request(report, 1), Ct);
        await harness.RunHandler.HandleAsync(Request(report, 2), Ct);

        Assert.Equal((StockReportStatuses.Completed, 1), ((await StatusAsync(harness, report)).Status, (await StatusAsync(harness, report)).Attempts));
        Assert.Equal(published, harness.Bus.Published.Count);
    }

    [Fact]
    public async Task the_request_of_a_run_that_died_in_processing_runs_it_again_but_an_older_one_does_not()
    {
        await using var harness = new StockReportHarness();
        var report = await ReceivedAsync(harness);
        // What a killed run leaves: processing, at attempt 2.
        await harness.Statuses.PutAsync(report with { Status = StockReportStatuses.Processing, Attempts = 2, StartedAt = Now }, Ct);

        await harness.RunHandler.HandleAsync(Request(report, 1), Ct);
        Assert.Equal(StockReportStatuses.Processing, (await StatusAsync(harness, report)).Status);
        await harness.RunHandler.HandleAsync(Request(report, 2), Ct);

        Assert.Equal((StockReportStatuses.Completed, 3), ((await StatusAsync(harness, report)).Status, (await StatusAsync(harness, report)).Attempts));
        Assert.Equal(2, Reported(harness));
    }

    [Fact]
    public async Task a_request_for_a_report_never_received_runs_nothing()
    {
        await using var harness = new StockReportHarness();
        var never = new StockReportStatus
        {
            ReportId = "never", OperatorId = StockReportHarness.OperatorId, FileName = "x.csv", BlobName = "x", Sha256 = "00", Bytes = 0,
            Status = StockReportStatuses.Received, ReceivedAt = Now,
        };

        await harness.RunHandler.HandleAsync(Request(never, 1), Ct);

        Assert.Empty(harness.Bus.Published);
        Assert.Null(await harness.Statuses.GetAsync(never.OperatorId, never.ReportId, Ct));
    }
}
