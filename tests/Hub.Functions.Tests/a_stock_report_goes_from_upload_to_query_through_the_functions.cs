using System.Text.Json.Nodes;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Storage;
using Hub.Functions.ReadStore;
using Hub.Functions.StockReports;
using Hub.Testing;

namespace Hub.Functions.Tests;

/// <summary>
/// The hops a stock report takes in Azure, each through its function class: the upload into StockReports, which only stores
/// the file; the blob trigger, called with the blob's name as Event Grid would, which runs it; the stock messages into
/// ReadStore's projection; the queries out of ReadStore. Blobs are the embedded file-system store, as in the order test.
/// </summary>
public sealed class a_stock_report_goes_from_upload_to_query_through_the_functions : IAsyncDisposable
{
    private const string FileName = "2026-11-25-stock.csv";
    private const string ZjHaiwaicangKey = "sample-zj-haiwaicang-key";

    private static readonly byte[] Report = File.ReadAllBytes(Path.Combine(RepositoryPaths.Seeds, "stock-reports", FunctionsHarness.OperatorId, FileName));

    private readonly FunctionsHarness _hub = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<FunctionsHarness.Answer> UploadAsync(string key = FunctionsHarness.OperatorKey, string fileName = FileName)
    {
        var request = _hub.Upload(FunctionsHarness.OperatorId, fileName, Report, key);
        var result = await _hub.Function<UploadStockReport>().RunAsync(request, FunctionsHarness.OperatorId, fileName, Ct);
        return await FunctionsHarness.AnswerAsync(request, result);
    }

    /// <summary>The blobs in <c>stock-reports</c> under the operator: what Event Grid reports a BlobCreated event for.</summary>
    private async Task<List<string>> BlobsOfTheOperatorAsync()
    {
        var names = new List<string>();
        await foreach (var blob in _hub.Service<IBlobStore>().ListAsync(StockReportBlobs.Reports, $"{FunctionsHarness.OperatorId}/", Ct))
            names.Add(blob.Name);
        return names;
    }

    private Task<StockReportStatus?> RunAsync(string blobName) =>
        _hub.BlobCreatedAsync(blobName);

    /// <summary>Upload, then the blob trigger on the blob the upload wrote.</summary>
    private async Task<(string ReportId, StockReportStatus? Run)> UploadAndRunAsync()
    {
        var upload = await UploadAsync();
        var blob = Assert.Single(await BlobsOfTheOperatorAsync());
        return ((string)upload.Json["reportId"]!, await RunAsync(blob));
    }

    /// <summary>What the read-store subscription of stock takes: the run requests go to the runner only.</summary>
    private IEnumerable<(string Topic, CloudNative.CloudEvents.CloudEvent Event)> StockPublished =>
        _hub.Bus.Published.Where(p => p.Topic == Topics.Stock && Consumers.ProjectStock.Takes(p.Event.Type!));

    private async Task ProjectEverythingPublishedAsync()
    {
        foreach (var (_, cloudEvent) in StockPublished)
            await _hub.Function<ProjectStock>().RunAsync(FunctionsHarness.Delivered(cloudEvent, topic: Topics.Stock), Ct);
    }

    private async Task<FunctionsHarness.Answer> GetReportAsync(string reportId, string key = FunctionsHarness.OperatorKey)
    {
        var request = _hub.Authorized("GET", $"/api/warehouses/{FunctionsHarness.OperatorId}/stock-reports/{reportId}", key: key);
        var result = await _hub.Function<GetStockReport>().RunAsync(request, FunctionsHarness.OperatorId, reportId, Ct);
        return await FunctionsHarness.AnswerAsync(request, result);
    }

    private async Task<FunctionsHarness.Answer> GetSkuAsync(string sku)
    {
        var request = _hub.Authorized("GET", $"/api/stock/{sku}");
        return await FunctionsHarness.AnswerAsync(request, await _hub.Function<GetStockBySku>().RunAsync(request, sku, Ct));
    }

    private async Task<FunctionsHarness.Answer> ListWarehouseAsync(string warehouse)
    {
        var request = _hub.Authorized("GET", $"/api/warehouses/{warehouse}/stock", key: FunctionsHarness.OperatorKey);
        return await FunctionsHarness.AnswerAsync(request, await _hub.Function<ListWarehouseStock>().RunAsync(request, warehouse, Ct));
    }

    [Fact]
    public async Task a_rejected_report_is_run_again_by_the_rerun_function_through_a_new_blob_that_the_trigger_runs()
    {
        var empty = "warehouse_code,sku,on_hand\n"u8.ToArray();
        var upload = _hub.Upload(FunctionsHarness.OperatorId, "empty.csv", empty);
        var reportId = (string)(await FunctionsHarness.AnswerAsync(upload,
            await _hub.Function<UploadStockReport>().RunAsync(upload, FunctionsHarness.OperatorId, "empty.csv", Ct))).Json["reportId"]!;
        var first = Assert.Single(await BlobsOfTheOperatorAsync());
        Assert.Equal(StockReportStatuses.Rejected, (await RunAsync(first))!.Status);

        var request = _hub.Authorized("POST", $"/api/warehouses/{FunctionsHarness.OperatorId}/stock-reports/{reportId}/rerun", key: FunctionsHarness.OperatorKey);
        var rerun = await FunctionsHarness.AnswerAsync(request, await _hub.Function<RerunStockReport>().RunAsync(request, FunctionsHarness.OperatorId, reportId, Ct));

        Assert.Equal(202, rerun.Status);
        Assert.Equal($"/api/warehouses/{FunctionsHarness.OperatorId}/stock-reports/{reportId}", (string)rerun.Json["statusUrl"]!);
        var second = Assert.Single(await BlobsOfTheOperatorAsync());
        Assert.NotEqual(first, second);
        var again = await RunAsync(second);
        Assert.Equal((StockReportStatuses.Rejected, 2), (again!.Status, again.Attempts));
    }

    [Fact]
    public async Task an_upload_is_202_and_stores_the_file_under_the_operator_without_running_it()
    {
        var answer = await UploadAsync();

        Assert.Equal(202, answer.Status);
        var reportId = (string)answer.Json["reportId"]!;
        Assert.Equal($"/api/warehouses/{FunctionsHarness.OperatorId}/stock-reports/{reportId}", (string?)answer.Json["statusUrl"]);
        Assert.Equal((string?)answer.Json["statusUrl"], answer.Headers.Location.ToString());
        Assert.False((bool)answer.Json["duplicate"]!);
        Assert.Equal(StockReportStatuses.Received, (string?)answer.Json["status"]);

        var blob = Assert.Single(await BlobsOfTheOperatorAsync());
        Assert.StartsWith($"{FunctionsHarness.OperatorId}/", blob);
        Assert.EndsWith($"/{FileName}", blob);
        // The upload function does no processing: it requests the run, which RunStockReport does.
        var (topic, requested) = Assert.Single(_hub.Bus.Published);
        Assert.Equal((Topics.Stock, StockEventTypes.RunRequested, $"{FunctionsHarness.OperatorId}/{reportId}"), (topic, requested.Type, requested.Subject));
        var status = await GetReportAsync(reportId);
        Assert.Equal(StockReportStatuses.Received, (string?)status.Json["status"]);
        Assert.Equal(blob, (string?)status.Json["blobName"]);
    }

    [Fact]
    public async Task the_blob_trigger_runs_the_uploaded_file_and_publishes_its_stock_on_the_stock_topic()
    {
        var (reportId, run) = await UploadAndRunAsync();

        Assert.NotNull(run);
        Assert.Equal(reportId, run.ReportId);
        Assert.Equal(StockReportStatuses.CompletedWithErrors, run.Status);
        Assert.Equal((13L, 9L, 4L), (run.RowsTotal, run.RowsAccepted, run.RowsRejected));
        Assert.All(_hub.Bus.Published, p => Assert.Equal(Topics.Stock, p.Topic));
        var reported = _hub.Bus.Published.Where(p => p.Event.Type == StockEventTypes.Reported).Select(p => p.Event.Subject).Order();
        Assert.Equal(["GB-FXT-01", "GB-MAN-02"], reported);
    }

    [Fact]
    public async Task the_report_status_shows_the_counts_and_every_rejected_row()
    {
        var (reportId, _) = await UploadAndRunAsync();

        var answer = await GetReportAsync(reportId);

        Assert.Equal(200, answer.Status);
        var status = answer.Json;
        Assert.Equal(StockReportStatuses.CompletedWithErrors, (string?)status["status"]);
        Assert.Equal(13, (long)status["rowsTotal"]!);
        Assert.Equal(9, (long)status["rowsAccepted"]!);
        Assert.Equal(4, (long)status["rowsRejected"]!);
        Assert.Equal([(8L, "on_hand"), (9L, "available"), (11L, "warehouse_code"), (12L, "sku")],
            status["errors"]!.AsArray().Select(e => ((long)e!["row"]!, (string)e["column"]!)));
        Assert.Equal($"/api/warehouses/{FunctionsHarness.OperatorId}/stock-reports/{reportId}/errors.csv", (string?)status["errorsUrl"]);
    }

    [Fact]
    public async Task errors_csv_lists_the_four_rejected_rows()
    {
        var (reportId, _) = await UploadAndRunAsync();

        var request = _hub.Authorized("GET", $"/api/warehouses/{FunctionsHarness.OperatorId}/stock-reports/{reportId}/errors.csv",
            key: FunctionsHarness.OperatorKey);
        var answer = await FunctionsHarness.AnswerAsync(request,
            await _hub.Function<GetStockReportErrors>().RunAsync(request, FunctionsHarness.OperatorId, reportId, Ct));

        Assert.Equal(200, answer.Status);
        Assert.StartsWith("text/csv", answer.ContentType);
        var lines = answer.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(1 + 4, lines.Length);
        Assert.Contains(lines, l => l.Contains("12a", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("DE-HAM-01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task the_projected_stock_is_served_by_sku_with_the_felixstowe_pump_summed_over_its_two_lots()
    {
        await UploadAndRunAsync();
        await ProjectEverythingPublishedAsync();

        var answer = await GetSkuAsync("ZJ-PUMP-001");

        Assert.Equal(200, answer.Status);
        var levels = answer.Json["levels"]!.AsArray().Select(l => l!).ToDictionary(l => (string)l["warehouse"]!);
        Assert.Equal(["GB-FXT-01", "GB-MAN-02"], levels.Keys.Order());
        var felixstowe = levels["GB-FXT-01"];
        Assert.Equal((55L, 42L), ((long)felixstowe["onHand"]!, (long)felixstowe["available"]!));
        Assert.Equal(FunctionsHarness.OperatorId, (string?)felixstowe["operatorId"]);
        Assert.Equal(["P2609-A", "P2611-B"], felixstowe["lots"]!.AsArray().Select(l => (string?)l!["lot"]).Order());
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero), (DateTimeOffset)felixstowe["asOf"]!);
        Assert.Equal((95L, 80L), ((long)levels["GB-MAN-02"]["onHand"]!, (long)levels["GB-MAN-02"]["available"]!));
    }

    [Fact]
    public async Task the_projected_stock_is_listed_per_warehouse_in_sku_order()
    {
        await UploadAndRunAsync();
        await ProjectEverythingPublishedAsync();

        var felixstowe = await ListWarehouseAsync("GB-FXT-01");
        var manchester = await ListWarehouseAsync("GB-MAN-02");

        Assert.Equal(200, felixstowe.Status);
        Assert.Equal(FunctionsHarness.OperatorId, (string?)felixstowe.Json["operatorId"]);
        Assert.Equal(["HZ-VALVE-220", "NB-TOTE-042", "WZ-BOOT-3942", "ZJ-PUMP-001"], Skus(felixstowe.Json));
        Assert.Equal(["HZ-CLAMP-050", "WZ-BOOT-3943", "ZJ-FILTER-010", "ZJ-PUMP-001"], Skus(manchester.Json));

        static List<string> Skus(JsonNode page) => page["items"]!.AsArray().Select(i => (string)i!["sku"]!).ToList();
    }

    [Fact]
    public async Task a_redelivered_stock_message_changes_nothing()
    {
        await UploadAndRunAsync();
        await ProjectEverythingPublishedAsync();
        var before = await GetSkuAsync("ZJ-PUMP-001");

        foreach (var (_, cloudEvent) in StockPublished)
            await _hub.Function<ProjectStock>().RunAsync(FunctionsHarness.Delivered(cloudEvent, deliveryCount: 2, topic: Topics.Stock), Ct);

        Assert.Equal(before.Body, (await GetSkuAsync("ZJ-PUMP-001")).Body);
    }

    [Fact]
    public async Task the_same_file_again_is_a_duplicate_whose_blob_is_dropped_and_a_repeated_trigger_publishes_nothing_more()
    {
        var (reportId, _) = await UploadAndRunAsync();
        var published = _hub.Bus.Published.Count;
        var blob = Assert.Single(await BlobsOfTheOperatorAsync());

        var again = await UploadAsync();
        var rerun = await RunAsync(blob);

        Assert.Equal(200, again.Status);
        Assert.True((bool)again.Json["duplicate"]!);
        Assert.Equal(reportId, (string?)again.Json["reportId"]);
        Assert.Equal([blob], await BlobsOfTheOperatorAsync());
        Assert.Equal(StockReportStatuses.CompletedWithErrors, rerun?.Status);
        Assert.Equal(published, _hub.Bus.Published.Count);
    }

    [Fact]
    public async Task an_upload_with_another_operators_key_is_403_and_stores_nothing()
    {
        var answer = await UploadAsync(key: ZjHaiwaicangKey);

        Assert.Equal(403, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Empty(await BlobsOfTheOperatorAsync());
    }

    [Fact]
    public async Task an_upload_of_a_format_the_hub_does_not_read_is_415()
    {
        var answer = await UploadAsync(fileName: "stock.pdf");

        Assert.Equal(415, answer.Status);
        Assert.Empty(await BlobsOfTheOperatorAsync());
    }

    [Fact]
    public async Task another_operator_cannot_read_the_report_status()
    {
        var (reportId, _) = await UploadAndRunAsync();

        var answer = await GetReportAsync(reportId, key: ZjHaiwaicangKey);

        Assert.Equal(403, answer.Status);
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}
