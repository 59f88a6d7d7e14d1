using System.Text;
using System.Text.Json;
using Hub.Contracts.Stock;
using Hub.StockReports.Processing;

namespace Hub.StockReports.Tests.Processing;

public sealed class when_a_report_arrives_as_a_blob
{
    private static readonly byte[] Report = Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand\nW1,A,1\n");

    [Fact]
    public async Task a_failure_of_the_hub_is_thrown_so_the_trigger_is_retried_and_the_retry_runs_it_again()
    {
        await using var harness = new StockReportHarness();
        var handler = new StockReportBlobHandler(harness.Intake, harness.Processor, harness.Registry);
        const string blob = $"{StockReportHarness.OperatorId}/direct/report.csv";
        await harness.Blobs.UploadAsync(StockReportBlobs.Reports, blob, new MemoryStream(Report), TestContext.Current.CancellationToken);

        harness.Bus.Unavailable = true;
        var failure = await Assert.ThrowsAsync<StockReportFailedException>(() => handler.HandleAsync(blob, TestContext.Current.CancellationToken));
        Assert.Equal(StockReportStatuses.Failed, failure.Status.Status);

        harness.Bus.Unavailable = false;
        var retried = await handler.HandleAsync(blob, TestContext.Current.CancellationToken);
        Assert.Equal(StockReportStatuses.Completed, retried!.Status);
        Assert.Equal(2, retried.Attempts);

        // A third delivery of the same event finds it settled and runs nothing.
        var redelivered = await handler.HandleAsync(blob, TestContext.Current.CancellationToken);
        Assert.Equal(JsonSerializer.Serialize(retried), JsonSerializer.Serialize(redelivered));
        Assert.Single(harness.Bus.Published, p => p.Event.Type == StockEventTypes.Reported);
    }

    [Fact]
    public async Task a_rejected_blob_delivered_again_is_not_run_again_but_the_same_bytes_in_a_new_blob_are()
    {
        await using var harness = new StockReportHarness();
        var handler = new StockReportBlobHandler(harness.Intake, harness.Processor, harness.Registry);
        var empty = Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand\n");
        const string blob = $"{StockReportHarness.OperatorId}/direct/empty.csv";
        const string again = $"{StockReportHarness.OperatorId}/direct/empty-again.csv";
        await harness.Blobs.UploadAsync(StockReportBlobs.Reports, blob, new MemoryStream(empty), TestContext.Current.CancellationToken);
        var rejected = await handler.HandleAsync(blob, TestContext.Current.CancellationToken);
        Assert.Equal(StockReportStatuses.Rejected, rejected!.Status);

        var redelivered = await handler.HandleAsync(blob, TestContext.Current.CancellationToken);
        await harness.Blobs.UploadAsync(StockReportBlobs.Reports, again, new MemoryStream(empty), TestContext.Current.CancellationToken);
        var sentAgain = await handler.HandleAsync(again, TestContext.Current.CancellationToken);

        Assert.Equal(1, redelivered!.Attempts);
        Assert.Equal((StockReportStatuses.Rejected, 2, again), (sentAgain!.Status, sentAgain.Attempts, sentAgain.BlobName));
    }
}
