using System.Text;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Hub.StockReports.Processing;
using Hub.StockReports.Running;

namespace Hub.StockReports.Tests.Processing;

/// <summary>
/// The blob trigger's handler takes the file in and requests its run, which the runner consumer does: it runs nothing itself.
/// Here its requests go onto the recording bus through the hosts' <see cref="StockReportRunRequests"/>.
/// </summary>
public sealed class when_a_report_arrives_as_a_blob
{
    private static readonly byte[] Report = Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand\nW1,A,1\n");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StockReportBlobHandler Handler(StockReportHarness harness) => new(harness.Intake, harness.Requests, harness.Registry);

    private static IReadOnlyList<StockReportRunRequested> Requested(StockReportHarness harness) =>
        harness.Bus.Published.Where(p => p.Event.Type == StockEventTypes.RunRequested)
            .Select(p => HubCloudEvents.GetData<StockReportRunRequested>(p.Event)).ToList();

    private static async Task DeliverRequestsAsync(StockReportHarness harness, int from = 0)
    {
        foreach (var (_, request) in harness.Bus.Published.Where(p => p.Event.Type == StockEventTypes.RunRequested).Skip(from).ToList())
            await harness.RunHandler.HandleAsync(request, Ct);
    }

    [Fact]
    public async Task it_is_recorded_as_received_and_its_run_requested_without_being_run()
    {
        await using var harness = new StockReportHarness();
        const string blob = $"{StockReportHarness.OperatorId}/direct/report.csv";
        await harness.Blobs.UploadAsync(StockReportBlobs.Reports, blob, new MemoryStream(Report), Ct);

        var taken = await Handler(harness).HandleAsync(blob, Ct);

        Assert.Equal((StockReportStatuses.Received, 0), (taken!.Status, taken.Attempts));
        var request = Assert.Single(Requested(harness));
        Assert.Equal((taken.OperatorId, taken.ReportId, 1), (request.OperatorId, request.ReportId, request.Attempt));
        Assert.DoesNotContain(harness.Bus.Published, p => p.Event.Type == StockEventTypes.Reported);

        await DeliverRequestsAsync(harness);
        var run = await harness.Statuses.GetAsync(taken.OperatorId, taken.ReportId, Ct);
        Assert.Equal((StockReportStatuses.Completed, 1), (run!.Status, run.Attempts));
    }

    [Fact]
    public async Task the_same_event_delivered_again_requests_the_same_run_by_id_and_once_run_nothing_more()
    {
        await using var harness = new StockReportHarness();
        const string blob = $"{StockReportHarness.OperatorId}/direct/report.csv";
        await harness.Blobs.UploadAsync(StockReportBlobs.Reports, blob, new MemoryStream(Report), Ct);

        await Handler(harness).HandleAsync(blob, Ct);
        await Handler(harness).HandleAsync(blob, Ct);
        // Both requests carry one id: the bus (Service Bus's duplicate detection) keeps one.
        Assert.Single(harness.Bus.Published.Select(p => p.Event.Id).Distinct());
        await DeliverRequestsAsync(harness);
        var published = harness.Bus.Published.Count;
        var again = await Handler(harness).HandleAsync(blob, Ct);

        Assert.Equal(StockReportStatuses.Completed, again!.Status);
        Assert.Equal(published, harness.Bus.Published.Count);
        Assert.Single(harness.Bus.Published, p => p.Event.Type == StockEventTypes.Reported);
    }

    [Fact]
    public async Task a_rejected_blob_delivered_again_is_not_run_again_but_the_same_bytes_in_a_new_blob_are()
    {
        await using var harness = new StockReportHarness();
        var empty = Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand\n");
        const string blob = $"{StockReportHarness.OperatorId}/direct/empty.csv";
        const string again = $"{StockReportHarness.OperatorId}/direct/empty-again.csv";
        await harness.Blobs.UploadAsync(StockReportBlobs.Reports, blob, new MemoryStream(empty), Ct);
        var taken = await Handler(harness).HandleAsync(blob, Ct);
        await DeliverRequestsAsync(harness);
        Assert.Equal(StockReportStatuses.Rejected, (await harness.Statuses.GetAsync(taken!.OperatorId, taken.ReportId, Ct))!.Status);

        var redelivered = await Handler(harness).HandleAsync(blob, Ct);
        var requestsBefore = Requested(harness).Count;
        await harness.Blobs.UploadAsync(StockReportBlobs.Reports, again, new MemoryStream(empty), Ct);
        await Handler(harness).HandleAsync(again, Ct);
        await DeliverRequestsAsync(harness, from: requestsBefore);
        var sentAgain = await harness.Statuses.GetAsync(taken.OperatorId, taken.ReportId, Ct);

        Assert.Equal((StockReportStatuses.Rejected, 1), (redelivered!.Status, redelivered.Attempts));
        Assert.Equal(1, requestsBefore);
        Assert.Equal(2, Requested(harness)[^1].Attempt);
        Assert.Equal((StockReportStatuses.Rejected, 2, again), (sentAgain!.Status, sentAgain.Attempts, sentAgain.BlobName));
    }
}
