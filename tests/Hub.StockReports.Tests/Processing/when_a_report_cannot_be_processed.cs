using System.Text;
using Hub.Contracts.Stock;

namespace Hub.StockReports.Tests.Processing;

public sealed class when_a_report_cannot_be_processed
{
    private static readonly byte[] Report = Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand\nW1,A,1\n");

    [Fact]
    public async Task a_bus_that_cannot_take_the_events_fails_the_report_and_the_same_bytes_again_run_it_again()
    {
        await using var harness = new StockReportHarness();
        harness.Bus.Unavailable = true;

        var failed = await harness.RunAsync("bus-down.csv", Report);

        Assert.Equal(StockReportStatuses.Failed, failed.Status);
        Assert.Contains("upload the same file again", failed.Reason, StringComparison.Ordinal);

        harness.Bus.Unavailable = false;
        var again = await harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "bus-down.csv", new MemoryStream(Report), TestContext.Current.CancellationToken);
        Assert.True(again.ShouldRun);
        Assert.False(again.Duplicate);
        Assert.Equal(StockReportStatuses.Received, again.Status.Status);
        var completed = await harness.Processor.RunAsync(StockReportHarness.OperatorId, failed.ReportId, TestContext.Current.CancellationToken);
        Assert.Equal(StockReportStatuses.Completed, completed.Status);
        Assert.Equal(2, completed.Attempts);
    }

    [Fact]
    public async Task a_file_changed_after_it_was_received_is_rejected_and_publishes_nothing()
    {
        await using var harness = new StockReportHarness();
        var outcome = await harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "changed.csv", new MemoryStream(Report), TestContext.Current.CancellationToken);
        await harness.Blobs.UploadAsync(StockReportBlobs.Reports, outcome.Status.BlobName,
            new MemoryStream(Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand\nW1,A,999\n")), TestContext.Current.CancellationToken);

        var status = await harness.Processor.RunAsync(StockReportHarness.OperatorId, outcome.Status.ReportId, TestContext.Current.CancellationToken);

        Assert.Equal(StockReportStatuses.Rejected, status.Status);
        Assert.Contains("changed after it was received", status.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Bus.Published);
    }

    [Fact]
    public async Task a_file_gone_from_the_blob_store_fails_the_report_with_the_reason()
    {
        await using var harness = new StockReportHarness();
        var outcome = await harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "gone.csv", new MemoryStream(Report), TestContext.Current.CancellationToken);
        await harness.Blobs.DeleteAsync(StockReportBlobs.Reports, outcome.Status.BlobName, TestContext.Current.CancellationToken);

        var status = await harness.Processor.RunAsync(StockReportHarness.OperatorId, outcome.Status.ReportId, TestContext.Current.CancellationToken);

        Assert.Equal(StockReportStatuses.Failed, status.Status);
        Assert.Contains("no longer in the 'stock-reports' container", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_report_leaves_no_work_files_behind()
    {
        await using var harness = new StockReportHarness();
        await harness.RunAsync("tidy.csv", Report);
        await harness.RunAsync("tidy-bad.csv", Encoding.UTF8.GetBytes("no,header,here\n1,2,3\n"));

        Assert.Empty(Directory.EnumerateFiles(harness.WorkPath));
    }
}

public sealed class when_a_declared_delimiter_does_not_match_the_file
{
    [Fact]
    public async Task the_rejection_says_which_delimiter_the_header_seems_to_use()
    {
        await using var harness = new StockReportHarness(op: new Hub.Core.Registry.OperatorRegistration { Id = StockReportHarness.OperatorId, Warehouses = ["W1"], Delimiter = "," });

        var status = await harness.RunAsync("semicolons.csv", Encoding.UTF8.GetBytes("warehouse_code;sku;on_hand\nW1;A;1\n"));

        Assert.Equal(StockReportStatuses.Rejected, status.Status);
        Assert.EndsWith("the operator profile declares ',' as the delimiter, but the header line looks ';'-delimited", status.Reason, StringComparison.Ordinal);
    }
}
