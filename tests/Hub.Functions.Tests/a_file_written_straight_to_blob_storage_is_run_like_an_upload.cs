using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Hub.Azure.Blobs;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Storage;
using Hub.Functions.ReadStore;
using Hub.Functions.StockReports;
using Hub.Testing;
using Hub.Testing.Blobs;

namespace Hub.Functions.Tests;

/// <summary>
/// Operators may write a report straight into the <c>stock-reports</c> container (with a SAS) instead of uploading it. The
/// blob trigger then gets nothing but the blob's name, so ReceiveStockReportBlob is called here exactly so (and RunStockReport
/// with the run request it publishes, as Service Bus would deliver it), over Hub.Azure's blob
/// store on a real Azurite (started by <c>eng/with-azurite.sh</c>, which sets <c>HUB_TEST_AZURITE</c>), with the blob put
/// there by the Azure SDK as an operator's tool would. What it reports must be what the upload of the same file reports.
/// </summary>
public sealed class a_file_written_straight_to_blob_storage_is_run_like_an_upload : IAsyncLifetime
{
    private const string FileName = "2026-11-25-stock.csv";
    private const string DirectBlob = $"{FunctionsHarness.OperatorId}/direct/{FileName}";

    private static readonly string SeedFile = Path.Combine(RepositoryPaths.Seeds, "stock-reports", FunctionsHarness.OperatorId, FileName);

    /// <summary>The fields that say where and when this copy of the file arrived; every other field must agree.</summary>
    private static readonly string[] DifferentByArrival = ["receivedAt", "startedAt", "completedAt", "blobName"];

    private readonly BlobServiceClient _azurite = Azurite.CreateServiceClient();

    private readonly List<(string Container, string Name)> _written = [];
    private readonly FunctionsHarness _hub;

    public a_file_written_straight_to_blob_storage_is_run_like_an_upload() => _hub = new FunctionsHarness(new AzureBlobStore(_azurite));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => new(Azurite.EnsureReachableAsync(_azurite, "tests/Hub.Functions.Tests"));

    /// <summary>Writes the file into <c>stock-reports</c> with the Azure SDK, as an operator's tool with a SAS would.</summary>
    private async Task WriteStraightToTheContainerAsync(string blobName, string file)
    {
        var container = _azurite.GetBlobContainerClient(StockReportBlobs.Reports);
        await container.CreateIfNotExistsAsync(cancellationToken: Ct);
        _written.Add((StockReportBlobs.Reports, blobName));
        await using var content = File.OpenRead(file);
        await container.GetBlobClient(blobName).UploadAsync(content, overwrite: true, Ct);
    }

    /// <summary>ReceiveStockReportBlob as the host calls it on Event Grid's BlobCreated (the trigger's client and the <c>{name}</c> of the path), then the run it requests.</summary>
    private Task<StockReportStatus?> TriggerAsync(FunctionsHarness hub, string blobName) =>
        hub.BlobCreatedAsync(blobName, _azurite);

    /// <summary>The same file through the upload route, in a hub of its own (the same bytes in one hub would be one report).</summary>
    private static async Task<StockReportStatus> UploadedAsync()
    {
        await using var uploading = new FunctionsHarness();
        var request = uploading.Upload(FunctionsHarness.OperatorId, FileName, await File.ReadAllBytesAsync(SeedFile, Ct));
        var answer = await FunctionsHarness.AnswerAsync(request,
            await uploading.Function<UploadStockReport>().RunAsync(request, FunctionsHarness.OperatorId, FileName, Ct));
        Assert.Equal(202, answer.Status);

        string? uploadedBlob = null;
        await foreach (var blob in uploading.Service<IBlobStore>().ListAsync(StockReportBlobs.Reports, $"{FunctionsHarness.OperatorId}/", Ct))
            uploadedBlob = blob.Name;
        var run = await uploading.BlobCreatedAsync(uploadedBlob!);
        return Assert.IsType<StockReportStatus>(run);
    }

    private static JsonObject WithoutArrival(StockReportStatus status)
    {
        var json = JsonSerializer.SerializeToNode(status, ContractsJsonContext.Default.StockReportStatus)!.AsObject();
        foreach (var name in DifferentByArrival) json.Remove(name);
        return json;
    }

    private async Task<IReadOnlyList<StoredDocument>> RecordedReportsAsync() =>
        (await _hub.Service<IReadStore>().QueryAsync(new DocumentQuery(ReadStoreContainers.StockReports), Ct)).Items;

    [Fact]
    public async Task the_run_reports_the_counts_and_the_four_rejected_rows_of_the_seed_file()
    {
        await WriteStraightToTheContainerAsync(DirectBlob, SeedFile);

        var run = await TriggerAsync(_hub, DirectBlob);

        Assert.NotNull(run);
        _written.Add((StockReportBlobs.Errors, $"{run.OperatorId}/{run.ReportId}.csv"));
        Assert.Equal(FunctionsHarness.OperatorId, run.OperatorId);
        Assert.Equal(FileName, run.FileName);
        Assert.Equal(DirectBlob, run.BlobName);
        Assert.Equal(StockReportStatuses.CompletedWithErrors, run.Status);
        Assert.Equal((13L, 9L, 4L), (run.RowsTotal, run.RowsAccepted, run.RowsRejected));
        Assert.Equal(
            [
                (8L, "on_hand", "-5"),
                (9L, "available", "12a"),
                (11L, "warehouse_code", "DE-HAM-01"),
                (12L, "sku", "WZ-BOOT-3942"),
            ],
            run.Errors!.Select(e => (e.Row, e.Column, e.Value)));
        Assert.Equal(["GB-FXT-01", "GB-MAN-02"], run.Warehouses);
        // The run recorded what it returned, for GetStockReport to serve.
        var request = _hub.Authorized("GET", $"/api/warehouses/{run.OperatorId}/stock-reports/{run.ReportId}", key: FunctionsHarness.OperatorKey);
        var served = await FunctionsHarness.AnswerAsync(request,
            await _hub.Function<GetStockReport>().RunAsync(request, run.OperatorId, run.ReportId, Ct));
        Assert.Equal(200, served.Status);
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(run, ContractsJsonContext.Default.StockReportStatus), served.Json));
    }

    [Fact]
    public async Task the_run_reports_exactly_what_the_upload_of_the_same_file_reports_but_where_and_when_it_arrived()
    {
        await WriteStraightToTheContainerAsync(DirectBlob, SeedFile);

        var direct = Assert.IsType<StockReportStatus>(await TriggerAsync(_hub, DirectBlob));
        _written.Add((StockReportBlobs.Errors, $"{direct.OperatorId}/{direct.ReportId}.csv"));
        var uploaded = await UploadedAsync();

        Assert.Equal(uploaded.ReportId, direct.ReportId);
        var expected = WithoutArrival(uploaded);
        var actual = WithoutArrival(direct);
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"The upload path reported {expected.ToJsonString()}; the direct blob {actual.ToJsonString()}.");
        Assert.NotEqual(uploaded.BlobName, direct.BlobName);
    }

    [Fact]
    public async Task the_run_publishes_stock_that_the_read_store_serves_like_uploaded_stock()
    {
        await WriteStraightToTheContainerAsync(DirectBlob, SeedFile);
        var run = Assert.IsType<StockReportStatus>(await TriggerAsync(_hub, DirectBlob));
        _written.Add((StockReportBlobs.Errors, $"{run.OperatorId}/{run.ReportId}.csv"));

        foreach (var (topic, cloudEvent) in _hub.Bus.Published.Where(p => Consumers.ProjectStock.Takes(p.Event.Type!)))
        {
            Assert.Equal(Topics.Stock, topic);
            await _hub.Function<ProjectStock>().RunAsync(FunctionsHarness.Delivered(cloudEvent, topic: Topics.Stock), Ct);
        }

        var request = _hub.Authorized("GET", "/api/stock/ZJ-PUMP-001");
        var answer = await FunctionsHarness.AnswerAsync(request, await _hub.Function<GetStockBySku>().RunAsync(request, "ZJ-PUMP-001", Ct));
        Assert.Equal(200, answer.Status);
        var felixstowe = answer.Json["levels"]!.AsArray().Single(l => (string?)l!["warehouse"] == "GB-FXT-01")!;
        Assert.Equal((55L, 42L), ((long)felixstowe["onHand"]!, (long)felixstowe["available"]!));
        Assert.Equal(2, felixstowe["lots"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("nobody/direct/2026-11-25-stock.csv")]
    [InlineData("uk-fulfil/direct/2026-11-25-stock.pdf")]
    [InlineData("uk-fulfil-2026-11-25-stock.csv")]
    public async Task a_blob_that_is_not_a_report_the_hub_takes_returns_null_and_records_nothing(string blobName)
    {
        await WriteStraightToTheContainerAsync(blobName, SeedFile);

        var run = await TriggerAsync(_hub, blobName);

        Assert.Null(run);
        Assert.Empty(await RecordedReportsAsync());
        Assert.Empty(_hub.Bus.Published);
        // Left as it is: not the hub's to delete.
        Assert.True((await _azurite.GetBlobContainerClient(StockReportBlobs.Reports).GetBlobClient(blobName).ExistsAsync(Ct)).Value);
    }

    [Fact]
    public async Task a_blob_deleted_before_its_event_arrived_returns_null_and_records_nothing()
    {
        const string gone = $"{FunctionsHarness.OperatorId}/direct/gone-{FileName}";

        var run = await TriggerAsync(_hub, gone);

        Assert.Null(run);
        Assert.Empty(await RecordedReportsAsync());
        Assert.Empty(_hub.Bus.Published);
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        foreach (var (container, name) in _written)
            await _azurite.GetBlobContainerClient(container).GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
    }
}
