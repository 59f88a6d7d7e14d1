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

    // 53 bits, so that Cosmos DB (which reads numbers as doubles) compares versions exactly: seconds of as-of since 2000 in
    // the high 31 (until 2068; earlier and later as-ofs are held at the ends), the seconds from as-of to receipt, up to
    // ~48 days, in the low 22: a correction sent the same day wins over the file it corrects, from a second later on.
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int DelayBits = 22;
    private const long MaxAsOfSeconds = (1L << 31) - 1;
    private const long MaxReceiptDelaySeconds = (1L << DelayBits) - 1;

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
                HubJson.Serialize(view, ReadStoreJsonContext.Default.StockLevelView));
        }

        var written = await store.UpsertNewerAsync(Container, documents, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Stock event {EventId}: {Written} of {Lines} stock levels of {Warehouse} were newer and written",
            cloudEvent.Id, written, documents.Length, data.Warehouse);
    }

    /// <summary>The version of a stock level: later as-of first, then later receipt; always within 0..2^53 - 1.</summary>
    public static long Version(DateTimeOffset asOf, DateTimeOffset receivedAt)
    {
        var seconds = Math.Clamp((long)Math.Floor((asOf - Epoch).TotalSeconds), 0, MaxAsOfSeconds);
        var delay = Math.Clamp((long)Math.Floor((receivedAt - asOf).TotalSeconds), 0, MaxReceiptDelaySeconds);
        return (seconds << DelayBits) + delay;
    }
}
