using Azure.Storage.Blobs;
using Hub.Contracts.Stock;
using Hub.StockReports.Processing;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.StockReports;

/// <summary>
/// Takes in every file that lands in the <c>stock-reports</c> container under <c>{operatorId}/</c> (the upload route's blobs
/// and the files operators write there directly) and requests its run, which <see cref="RunStockReport"/> does: the same
/// consumer that runs uploads, in Standalone too. Quick: it hashes the file and records the report. Event Grid source, the
/// only one Flex Consumption supports: an Event Grid subscription for <c>Microsoft.Storage.BlobCreated</c> on the storage
/// account's system topic calls the host's blobs webhook (docs/functions.md). A missed delivery is found by
/// <see cref="SweepStockReports"/> only once the report is recorded; a blob never recorded waits for its event's redelivery.
/// </summary>
/// <remarks>
/// The function works from the blob's name (<c>{name}</c> in the path) and never from its content. The trigger parameter is a
/// <see cref="BlobClient"/> because that is the one binding type that reads nothing: the worker only builds the client from
/// the host's reference to the blob, where <c>string</c>, <c>byte[]</c> or <c>Stream</c> would download it, whole for the
/// first two. The handler opens the blob itself through <c>IBlobStore</c> and streams it, as every other way in does.
/// </remarks>
public sealed class ReceiveStockReportBlob(StockReportBlobHandler handler)
{
    /// <summary>
    /// The storage setting prefix the adapters also read: <c>Blobs__serviceUri</c> with the app's identity in Azure, or a
    /// connection string in the <c>Blobs</c> setting itself (Azurite, locally).
    /// </summary>
    public const string Connection = "Blobs";

    /// <returns>The report's status as taken in; null when the blob is not a report the hub takes.</returns>
    [Function(nameof(ReceiveStockReportBlob))]
    public Task<StockReportStatus?> RunAsync(
        [BlobTrigger($"{StockReportBlobs.Reports}/{{name}}", Source = BlobTriggerSource.EventGrid, Connection = Connection)] BlobClient blob,
        string name,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(name, cancellationToken);
}
