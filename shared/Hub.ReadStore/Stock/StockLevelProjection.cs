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

    // 53 bits, so that Cosmos DB (which reads numbers as doubles) compares versions exactly: minutes of as-of since 2000 in
    // the high 26 (until 2127; earlier and later as-ofs are held at the ends; two as-ofs within one minute count as one, and
    // the later received wins), the time from as-of to receipt in the low 27. That delay is in milliseconds for its first
    // 2^26 ms (18.6 hours) and in tenths of a second after that, up to about 78 days more: a report dated a week ago and
    // re-sent corrected a moment later still wins over the file it corrects.
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int DelayBits = 27;
    private const long MaxAsOfMinutes = (1L << (53 - DelayBits)) - 1;
    private const long FineDelayMilliseconds = 1L << (DelayBits - 1);
    private const long CoarseDelayStepMilliseconds = 100;
    private const long MaxCoarseDelaySteps = (1L << (DelayBits - 1)) - 1;

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
        var minutes = Math.Clamp((long)Math.Floor((asOf - Epoch).TotalMinutes), 0, MaxAsOfMinutes);
        var delayMilliseconds = Math.Max(0, (long)Math.Floor((receivedAt - asOf).TotalMilliseconds));
        var delay = delayMilliseconds < FineDelayMilliseconds
            ? delayMilliseconds
            : FineDelayMilliseconds + Math.Min((delayMilliseconds - FineDelayMilliseconds) / CoarseDelayStepMilliseconds, MaxCoarseDelaySteps);
        return (minutes << DelayBits) + delay;
    }
}
