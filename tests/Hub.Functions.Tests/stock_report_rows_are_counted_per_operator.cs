using Hub.Contracts.Stock;
using Hub.Core.Storage;
using Hub.Core.Telemetry;
using Hub.Functions.StockReports;
using Hub.Testing;

namespace Hub.Functions.Tests;

/// <summary>A seed report uploaded and run through the StockReports app's functions, counted on the composition's meter.</summary>
public sealed class stock_report_rows_are_counted_per_operator : IAsyncDisposable
{
    private const string FileName = "2026-11-25-stock.csv";
    private static readonly byte[] Report = File.ReadAllBytes(Path.Combine(RepositoryPaths.Seeds, "stock-reports", FunctionsHarness.OperatorId, FileName));

    private readonly FunctionsHarness _hub = new();
    private readonly HubMeasurements _measured;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public stock_report_rows_are_counted_per_operator() => _measured = new HubMeasurements(_hub.Service<HubMetrics>());

    public async ValueTask DisposeAsync()
    {
        _measured.Dispose();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task a_settled_run_counts_the_rows_it_read_and_refused_under_its_operator()
    {
        var upload = _hub.Upload(FunctionsHarness.OperatorId, FileName, Report);
        Assert.Equal(202, (await FunctionsHarness.AnswerAsync(upload, await _hub.Function<UploadStockReport>().RunAsync(upload, FunctionsHarness.OperatorId, FileName, Ct))).Status);
        var blob = "";
        await foreach (var b in _hub.Service<IBlobStore>().ListAsync(StockReportBlobs.Reports, $"{FunctionsHarness.OperatorId}/", Ct)) blob = b.Name;

        var settled = await _hub.BlobCreatedAsync(blob);

        Assert.NotNull(settled);
        Assert.True(settled.RowsRead > 0);
        var byOperator = (HubMetrics.OperatorTag, FunctionsHarness.OperatorId);
        Assert.Equal(settled.RowsRead, _measured.Total("hub.stock_reports.rows.read", byOperator));
        Assert.Equal(settled.RowsRejected ?? 0, _measured.Total("hub.stock_reports.rows.refused", byOperator));
    }
}
