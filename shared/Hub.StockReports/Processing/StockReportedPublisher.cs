using System.Security.Cryptography;
using System.Text;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Hub.Core.Registry;

namespace Hub.StockReports.Processing;

/// <summary>
/// Cuts one report's stock levels into <c>stock.reported</c> events, one series of batches per warehouse, each under the
/// size limit, and publishes them a few at a time; raises <c>stock.low</c> for each SKU below the operator's threshold.
/// </summary>
/// <remarks>
/// Event ids are derived from the report, the warehouse and the batch number, and lines come in the file's order, so a
/// report run again after a crash publishes the very same events: Service Bus drops them as duplicates, and the read
/// store's projection (which keeps the newest as-of) leaves them without effect in either host.
/// </remarks>
internal sealed class StockReportedPublisher(
    IEventBus bus, StockReportStatus report, OperatorRegistration op, DateTimeOffset reportAsOf, int maxDataBytes)
{
    private const int MaxInFlight = 4;
    private const int LowsPerPublish = 500;
    /// <summary>The fixed part of the data: ids, as-of, batch number and property names.</summary>
    public const int DataFrame = 512;

    private readonly Dictionary<string, Batch> _batches = new(StringComparer.Ordinal);
    private readonly List<CloudEvent> _lows = [];
    private readonly Queue<Task> _inFlight = new();

    public DateTimeOffset ReportAsOf => reportAsOf;
    public long Levels { get; private set; }
    public int Events { get; private set; }
    public int LowStock { get; private set; }

    public async ValueTask AddAsync(string warehouse, StockLevelLine line, CancellationToken cancellationToken)
    {
        var size = StockEventSize.Of(line);
        if (!_batches.TryGetValue(warehouse, out var batch)) _batches[warehouse] = batch = new Batch();
        if (batch.Lines.Count > 0 && batch.Bytes + size + DataFrame > maxDataBytes)
        {
            await PublishAsync(warehouse, batch, cancellationToken).ConfigureAwait(false);
        }

        batch.Lines.Add(line);
        batch.Bytes += size;
        Levels++;

        var available = line.Available ?? line.OnHand;
        if (Threshold(line.Sku) is { } threshold && available < threshold)
        {
            _lows.Add(HubCloudEvents.Create(
                $"{report.ReportId}-low-{Short($"{warehouse}\n{line.Sku}")}", StockEventTypes.Low, EventSources.StockReports, $"{warehouse}/{line.Sku}",
                reportAsOf, new StockLowData(report.ReportId, report.OperatorId, warehouse, line.Sku, available, threshold, line.AsOf ?? reportAsOf)));
            // Sent as they gather, so that a report of a million scarce SKUs does not hold a million alerts.
            if (_lows.Count == LowsPerPublish) await PublishLowsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes what is left and waits until every event is durably accepted.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        foreach (var (warehouse, batch) in _batches)
        {
            if (batch.Lines.Count > 0) await PublishAsync(warehouse, batch, cancellationToken).ConfigureAwait(false);
        }

        if (_lows.Count > 0) await PublishLowsAsync(cancellationToken).ConfigureAwait(false);

        while (_inFlight.Count > 0) await _inFlight.Dequeue().ConfigureAwait(false);
    }

    private async ValueTask PublishLowsAsync(CancellationToken cancellationToken)
    {
        LowStock += _lows.Count;
        await StartAsync(_lows.ToList(), cancellationToken).ConfigureAwait(false);
        _lows.Clear();
    }

    private async ValueTask PublishAsync(string warehouse, Batch batch, CancellationToken cancellationToken)
    {
        batch.Number++;
        var data = new StockReportedData(report.ReportId, report.OperatorId, warehouse, reportAsOf, report.ReceivedAt, batch.Number, batch.Lines);
        var cloudEvent = HubCloudEvents.Create($"{report.ReportId}-{warehouse}-{batch.Number}", StockEventTypes.Reported,
            EventSources.StockReports, warehouse, reportAsOf, data);
        batch.Lines = [];
        batch.Bytes = 0;
        Events++;
        await StartAsync([cloudEvent], cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask StartAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        // A few publishes in flight, so that encoding the next batch overlaps the commit of the last.
        while (_inFlight.Count >= MaxInFlight) await _inFlight.Dequeue().ConfigureAwait(false);
        _inFlight.Enqueue(bus.PublishAsync(Topics.Stock, events, cancellationToken));
    }

    private long? Threshold(string sku) =>
        op.LowStockThresholds.TryGetValue(sku, out var own) ? own
        : op.LowStockThresholds.TryGetValue("*", out var fallback) ? fallback
        : null;

    private static string Short(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private sealed class Batch
    {
        public List<StockLevelLine> Lines { get; set; } = [];
        public int Bytes { get; set; }
        public int Number { get; set; }
    }
}
