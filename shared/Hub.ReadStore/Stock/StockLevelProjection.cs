using System.Text.Json;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Hub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.ReadStore.Stock;

/// <summary>
/// Projects <c>stock.reported</c> into the <c>stock-levels</c> view: one document per (warehouse, sku), written in bulk,
/// each replacing its stored copy only when newer.
/// </summary>
/// <remarks>
/// "Newer" is the as-of first; of two reports with the same as-of, the one received later (a corrected file) wins. Both go
/// into one number (<see cref="Version"/>), so the store can decide in the write itself, for a whole batch at once. The same
/// event again, or a late report with an older as-of, therefore changes nothing.
/// </remarks>
public sealed class StockLevelProjection(IReadStore store, ILogger<StockLevelProjection> logger)
{
    public const string Container = ReadStoreContainers.StockLevels;

    // Seconds of as-of in the high bits; the seconds from as-of to receipt, up to ~194 days, in the low 24.
    private const int ReceiptBits = 24;
    private const long MaxReceiptDelay = (1L << ReceiptBits) - 1;

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        if (cloudEvent.Type != StockEventTypes.Reported) return;
        var data = HubCloudEvents.GetData<StockReportedData>(cloudEvent);
        var documents = new VersionedDocument[data.Lines.Count];
        for (var i = 0; i < documents.Length; i++)
        {
            var line = data.Lines[i];
            var asOf = line.AsOf ?? data.AsOf;
            var view = new StockLevelView(data.Warehouse, line.Sku, data.OperatorId, line.OnHand, line.Available, line.Reserved,
                line.Unsellable, line.Inbound, line.Description, line.Unit, asOf, data.ReceivedAt, data.ReportId, line.Lots);
            documents[i] = new VersionedDocument(data.Warehouse, line.Sku, Version(asOf, data.ReceivedAt),
                JsonSerializer.Serialize(view, ReadStoreJsonContext.Default.StockLevelView));
        }

        var written = await store.UpsertNewerAsync(Container, documents, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Stock event {EventId}: {Written} of {Lines} stock levels of {Warehouse} were newer and written",
            cloudEvent.Id, written, documents.Length, data.Warehouse);
    }

    public static long Version(DateTimeOffset asOf, DateTimeOffset receivedAt)
    {
        var delay = Math.Clamp((long)(receivedAt - asOf).TotalSeconds, 0, MaxReceiptDelay);
        return (asOf.ToUnixTimeSeconds() << ReceiptBits) | delay;
    }
}
