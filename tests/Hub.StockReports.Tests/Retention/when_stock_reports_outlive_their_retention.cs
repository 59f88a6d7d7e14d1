using System.Text;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core;
using Hub.StockReports.Processing;
using Hub.StockReports.Retention;
using Hub.StockReports.Tests.Processing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hub.StockReports.Tests.Retention;

/// <summary>
/// The retention sweep over real file-system blobs and the embedded read store. Blob times are the files' real times, so
/// the sweep's clock is moved past the windows (uploads 30 days, results 90) rather than the files back.
/// </summary>
public sealed class when_stock_reports_outlive_their_retention : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly StockReportHarness _harness;

    public when_stock_reports_outlive_their_retention() => _harness = new StockReportHarness(clock: _clock);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    private static byte[] WithOneBadRow(string sku) => Encoding.UTF8.GetBytes($"""
        warehouse_code,sku,on_hand,available
        W1,{sku},50,40
        W9,{sku}-2,5,4
        """);

    private StockReportRetention Sweep() =>
        new(_harness.Blobs, _harness.ReadStore, _harness.Statuses, Options.Create(new RetentionOptions()), _clock);

    private async Task<(bool Status, bool Errors, bool Upload)> WhatIsLeftAsync(StockReportStatus report) => (
        await _harness.Statuses.GetAsync(report.OperatorId, report.ReportId, Ct) is not null,
        await _harness.Blobs.GetInfoAsync(StockReportBlobs.Errors, StockReportProcessor.ErrorsBlobName(report), Ct) is not null,
        await _harness.Blobs.GetInfoAsync(StockReportBlobs.Reports, report.BlobName, Ct) is not null);

    [Fact]
    public async Task a_finished_report_is_kept_whole_within_every_window()
    {
        var report = await _harness.RunAsync("a.csv", WithOneBadRow("A"));
        Assert.Equal(StockReportStatuses.CompletedWithErrors, report.Status);
        _clock.Advance(TimeSpan.FromDays(29));

        Assert.Equal(0, await Sweep().SweepAsync(Ct));

        Assert.Equal((true, true, true), await WhatIsLeftAsync(report));
    }

    [Fact]
    public async Task past_the_upload_window_only_its_upload_goes_and_its_results_stay()
    {
        var report = await _harness.RunAsync("a.csv", WithOneBadRow("A"));
        _clock.Advance(TimeSpan.FromDays(31));

        Assert.Equal(1, await Sweep().SweepAsync(Ct));

        Assert.Equal((true, true, false), await WhatIsLeftAsync(report));
    }

    [Fact]
    public async Task past_the_results_window_its_status_errors_csv_and_upload_all_go()
    {
        var report = await _harness.RunAsync("a.csv", WithOneBadRow("A"));
        _clock.Advance(TimeSpan.FromDays(91));

        Assert.Equal(3, await Sweep().SweepAsync(Ct));

        Assert.Equal((false, false, false), await WhatIsLeftAsync(report));
        Assert.Equal(0, await Sweep().SweepAsync(Ct));
    }

    [Fact]
    public async Task a_report_still_received_or_processing_is_never_touched()
    {
        var received = (await _harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "waiting.csv", new MemoryStream(WithOneBadRow("W")), Ct)).Status;
        var processing = (await _harness.Intake.ReceiveAsync(StockReportHarness.OperatorId, "running.csv", new MemoryStream(WithOneBadRow("R")), Ct)).Status;
        var (status, etag) = (await _harness.Statuses.GetForUpdateAsync(processing.OperatorId, processing.ReportId, Ct))!.Value;
        await _harness.Statuses.ReplaceAsync(status with { Status = StockReportStatuses.Processing }, etag, Ct);
        _clock.Advance(TimeSpan.FromDays(365));

        Assert.Equal(0, await Sweep().SweepAsync(Ct));

        Assert.Equal((true, false, true), await WhatIsLeftAsync(received));
        Assert.Equal((true, false, true), await WhatIsLeftAsync(processing));
    }

    [Fact]
    public async Task an_errors_csv_whose_report_is_gone_goes_once_past_the_results_window_and_foreign_blobs_stay()
    {
        await _harness.Blobs.UploadAsync(StockReportBlobs.Errors, "op-test/0123456789abcdef.csv", new MemoryStream("row\n"u8.ToArray()), Ct);
        await _harness.Blobs.UploadAsync(StockReportBlobs.Errors, "notes/readme.txt", new MemoryStream("kept"u8.ToArray()), Ct);
        _clock.Advance(TimeSpan.FromDays(89));
        Assert.Equal(0, await Sweep().SweepAsync(Ct));
        _clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(1, await Sweep().SweepAsync(Ct));

        Assert.Null(await _harness.Blobs.GetInfoAsync(StockReportBlobs.Errors, "op-test/0123456789abcdef.csv", Ct));
        Assert.NotNull(await _harness.Blobs.GetInfoAsync(StockReportBlobs.Errors, "notes/readme.txt", Ct));
    }

    [Fact]
    public async Task only_the_old_report_goes_when_a_recent_one_sits_beside_it()
    {
        var old = await _harness.RunAsync("old.csv", WithOneBadRow("OLD"));
        _clock.Advance(TimeSpan.FromDays(60));
        var recent = await _harness.RunAsync("recent.csv", WithOneBadRow("NEW"));
        _clock.Advance(TimeSpan.FromDays(31));

        await Sweep().SweepAsync(Ct);

        Assert.Equal((false, false, false), await WhatIsLeftAsync(old));
        // The recent upload's file is as old as the old one's on disk (the clock moved, the files did not): past Uploads by
        // the sweep's clock, so it goes; its results are 31 days old and stay.
        Assert.Equal((true, true, false), await WhatIsLeftAsync(recent));
        Assert.Single((await _harness.ReadStore.QueryAsync(new Hub.Core.Storage.DocumentQuery(ReadStoreContainers.StockReports), Ct)).Items);
    }
}
