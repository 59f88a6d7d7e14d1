using System.Text;
using Hub.Contracts.Stock;
using Hub.Core.Registry;
using Hub.StockReports.Intake;

namespace Hub.StockReports.Tests.Processing;

/// <summary>A report rejected because of the operator's profile runs again once the profile is fixed: by its bytes or by the re-run route.</summary>
public sealed class when_a_rejected_report_runs_again
{
    private static readonly byte[] Semicolons = Encoding.UTF8.GetBytes("warehouse_code;sku;on_hand\nW1;A;1\nW1;B;2\n");

    private static StockReportHarness CommaProfile() =>
        new(op: new OperatorRegistration { Id = StockReportHarness.OperatorId, Warehouses = ["W1"], Delimiter = "," });

    [Fact]
    public async Task the_same_bytes_sent_again_after_the_profile_is_fixed_run_it_again_and_it_completes()
    {
        await using var harness = CommaProfile();
        var rejected = await harness.RunAsync("stock.csv", Semicolons);
        Assert.Equal(StockReportStatuses.Rejected, rejected.Status);

        harness.ChangeOperator(op => op with { Delimiter = ";" });
        var again = await harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "stock-again.csv", new MemoryStream(Semicolons), TestContext.Current.CancellationToken);

        Assert.Equal((false, true, StockReportStatuses.Received), (again.Duplicate, again.ShouldRun, again.Status.Status));
        Assert.Equal(rejected.ReportId, again.Status.ReportId);
        Assert.Null(again.Status.Reason);
        var completed = await harness.Processor.RunAsync(StockReportHarness.OperatorId, rejected.ReportId, TestContext.Current.CancellationToken);
        Assert.Equal((StockReportStatuses.Completed, 2L, 2), (completed.Status, completed.RowsAccepted!.Value, completed.Attempts));
        Assert.Null(await harness.Blobs.GetInfoAsync(StockReportBlobs.Reports, rejected.BlobName, TestContext.Current.CancellationToken));

        var duplicate = await harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "stock.csv", new MemoryStream(Semicolons), TestContext.Current.CancellationToken);
        Assert.True(duplicate.Duplicate);
    }

    [Fact]
    public async Task the_rerun_takes_its_stored_file_in_again_and_schedules_it()
    {
        await using var harness = CommaProfile();
        var rejected = await harness.RunAsync("stock.csv", Semicolons);
        harness.ChangeOperator(op => op with { Delimiter = ";" });

        var rerun = await harness.Intake.RerunAsync(StockReportHarness.OperatorId, rejected.ReportId, TestContext.Current.CancellationToken);

        Assert.Equal(RerunResult.Started, rerun.Result);
        Assert.Equal(StockReportStatuses.Received, rerun.Status!.Status);
        Assert.Equal([rejected.ReportId, rejected.ReportId], harness.Scheduled);
        Assert.NotEqual(rejected.BlobName, rerun.Status.BlobName);
        var completed = await harness.Processor.RunAsync(StockReportHarness.OperatorId, rejected.ReportId, TestContext.Current.CancellationToken);
        Assert.Equal(StockReportStatuses.Completed, completed.Status);
    }

    [Fact]
    public async Task a_completed_or_unknown_report_is_not_run_again()
    {
        await using var harness = new StockReportHarness();
        var completed = await harness.RunAsync("done.csv", Encoding.UTF8.GetBytes("warehouse_code,sku,on_hand\nW1,A,1\n"));

        var again = await harness.Intake.RerunAsync(StockReportHarness.OperatorId, completed.ReportId, TestContext.Current.CancellationToken);
        var unknown = await harness.Intake.RerunAsync(StockReportHarness.OperatorId, new string('0', 32), TestContext.Current.CancellationToken);

        Assert.Equal((RerunResult.NotRerunnable, StockReportStatuses.Completed), (again.Result, again.Status!.Status));
        Assert.Equal(RerunResult.NotFound, unknown.Result);
        Assert.Single(harness.Scheduled);
    }

    [Fact]
    public async Task a_report_whose_file_is_gone_is_not_run_again_and_says_so()
    {
        await using var harness = CommaProfile();
        var rejected = await harness.RunAsync("stock.csv", Semicolons);
        await harness.Blobs.DeleteAsync(StockReportBlobs.Reports, rejected.BlobName, TestContext.Current.CancellationToken);

        var rerun = await harness.Intake.RerunAsync(StockReportHarness.OperatorId, rejected.ReportId, TestContext.Current.CancellationToken);

        Assert.Equal((RerunResult.FileGone, StockReportStatuses.Rejected), (rerun.Result, rerun.Status!.Status));
        Assert.Single(harness.Scheduled);
    }
}
