using System.Diagnostics.Metrics;

namespace Hub.Core.Telemetry;

/// <summary>What a bus can count cheaply for one subscription: messages waiting, and messages parked as dead letters.</summary>
public sealed record BusSubscriptionCounts(string Topic, string Subscription, long Backlog, long DeadLetters);

/// <summary>
/// A bus that can say how much waits on each subscription (the embedded bus, from its own tables). Service Bus has no
/// such port: Azure Monitor's own Service Bus metrics (active and dead-lettered messages per entity) cover it.
/// </summary>
public interface IBusCounts
{
    /// <summary>The <c>messaging.system</c> the counts are tagged with.</summary>
    string System { get; }

    /// <summary>Counts for every subscription of every topic; called when metrics are collected, not per message.</summary>
    IReadOnlyList<BusSubscriptionCounts> Count();
}

/// <summary>
/// The hub's metrics, on a <see cref="Meter"/> named <see cref="HubTelemetry.Name"/> made by the host's
/// <see cref="IMeterFactory"/> (so each host, and each test's host, has its own). An instrument nobody listens to costs a
/// branch per measurement; the OpenTelemetry meter provider listens only when an exporter is configured.
/// </summary>
public sealed class HubMetrics
{
    public const string PlatformTag = "hub.platform";
    public const string ReasonTag = "hub.reason";
    public const string OperatorTag = "hub.operator";

    private readonly Counter<long> _webhooksAccepted;
    private readonly Counter<long> _webhooksDuplicate;
    private readonly Counter<long> _webhooksRejected;
    private readonly Counter<long> _rowsRead;
    private readonly Counter<long> _rowsRefused;

    public HubMetrics(IMeterFactory meters, IEnumerable<IBusCounts> buses)
    {
        Meter = meters.Create(HubTelemetry.Name);
        _webhooksAccepted = Meter.CreateCounter<long>("hub.webhooks.accepted", "{delivery}", "Order webhook deliveries accepted and published (202).");
        _webhooksDuplicate = Meter.CreateCounter<long>("hub.webhooks.duplicate", "{delivery}", "Order webhook deliveries answered as duplicates of an earlier one (200).");
        _webhooksRejected = Meter.CreateCounter<long>("hub.webhooks.rejected", "{delivery}", "Order webhook deliveries refused, by reason (4xx, 503).");
        _rowsRead = Meter.CreateCounter<long>("hub.stock_reports.rows.read", "{row}", "Stock report rows read by settled runs.");
        _rowsRefused = Meter.CreateCounter<long>("hub.stock_reports.rows.refused", "{row}", "Stock report rows refused (written to errors.csv) by settled runs.");
        foreach (var bus in buses)
        {
            Meter.CreateObservableGauge("hub.bus.backlog", () => Measure(bus, c => c.Backlog), "{message}",
                "Messages waiting for a subscription's consumer (retries included, dead letters not).");
            Meter.CreateObservableGauge("hub.bus.dead_letters", () => Measure(bus, c => c.DeadLetters), "{message}",
                "Messages a subscription dead-lettered and nobody has replayed yet.");
        }
    }

    /// <summary>The meter the instruments are on: a <see cref="MeterListener"/> can tell this host's from another's.</summary>
    public Meter Meter { get; }

    public void WebhookAccepted(string platformId) => _webhooksAccepted.Add(1, new KeyValuePair<string, object?>(PlatformTag, platformId));

    public void WebhookDuplicate(string platformId) => _webhooksDuplicate.Add(1, new KeyValuePair<string, object?>(PlatformTag, platformId));

    /// <param name="reason">A fixed word for dashboards (<c>signature</c>, <c>invalid</c>, ...), never the error's text.</param>
    public void WebhookRejected(string platformId, string reason) =>
        _webhooksRejected.Add(1, new KeyValuePair<string, object?>(PlatformTag, platformId), new KeyValuePair<string, object?>(ReasonTag, reason));

    public void StockReportRows(string operatorId, long read, long refused)
    {
        var tag = new KeyValuePair<string, object?>(OperatorTag, operatorId);
        if (read > 0) _rowsRead.Add(read, tag);
        if (refused > 0) _rowsRefused.Add(refused, tag);
    }

    private static IEnumerable<Measurement<long>> Measure(IBusCounts bus, Func<BusSubscriptionCounts, long> value)
    {
        IReadOnlyList<BusSubscriptionCounts> counts;
        try
        {
            counts = bus.Count();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A collection that cannot read the bus reports nothing this time rather than failing the exporter's cycle.
            return [];
        }
        return counts.Select(c => new Measurement<long>(value(c),
            new KeyValuePair<string, object?>(HubTelemetry.MessagingSystem, bus.System),
            new KeyValuePair<string, object?>(HubTelemetry.MessagingDestination, c.Topic),
            new KeyValuePair<string, object?>(HubTelemetry.MessagingSubscription, c.Subscription)));
    }
}
