using System.Globalization;
using System.Text.Json;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Orders;
using Hub.Core.Events;
using Hub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.ReadStore.Orders;

/// <summary>
/// Projects order events into <see cref="OrderView"/> documents. Idempotent and version-aware: an event whose
/// version is not newer than the stored one changes nothing, so redeliveries and late, stale events are harmless.
/// Writes are ETag-conditional, so two deliveries racing on one order cannot lose an update.
/// </summary>
public sealed partial class OrderProjection(IReadStore store, TimeProvider time, ILogger<OrderProjection> logger)
{
    public const string Container = "orders";
    private const int MaxConflictRetries = 10;
    private const int MaxHistory = 100;

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var data = HubCloudEvents.GetData<OrderEventData>(cloudEvent);
        var order = data.Order;
        // `received` nearly always opens an order not seen before: the first attempt then creates the view without
        // reading first. When it exists after all (a redelivery, or later events overtook this one), the insert changes
        // nothing and the next attempt reads and applies as usual.
        var assumeNew = order.EventType == OrderEventKinds.Received;
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++, assumeNew = false)
        {
            var stored = assumeNew ? null : await store.GetAsync(Container, order.PlatformId, order.OrderId, cancellationToken).ConfigureAwait(false);
            var current = stored is null ? null : JsonSerializer.Deserialize(stored.Json, ReadStoreJsonContext.Default.OrderView);
            var next = Apply(current, cloudEvent.Id!, data, time.GetUtcNow());
            if (next is null)
            {
                LogIgnored(cloudEvent.Id!, order.PlatformId, order.OrderId, order.Version, current!.Version);
                return;
            }
            var json = HubJson.Serialize(next, ReadStoreJsonContext.Default.OrderView);
            var condition = stored is null ? WriteCondition.NotExists : WriteCondition.IfMatch(stored.ETag);
            var outcome = await store.UpsertAsync(Container, order.PlatformId, order.OrderId, json, condition, cancellationToken).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                LogProjected(cloudEvent.Id!, order.PlatformId, order.OrderId, next.Status, next.Version);
                return;
            }
        }
        throw new InvalidOperationException($"Order {order.PlatformId}/{order.OrderId} kept changing under event {cloudEvent.Id}; the bus will retry.");
    }

    /// <summary>The new view, or null when the event changes nothing (already seen, or older than what is stored).</summary>
    public static OrderView? Apply(OrderView? current, string eventId, OrderEventData data, DateTimeOffset now)
    {
        var order = data.Order;
        if (current is not null && (order.Version <= current.Version || current.History.Any(h => h.EventId == eventId)))
            return null;

        var status = OrderStatusMachine.Next(current?.Status, order.EventType);
        if (status is null)
        {
            // A newer event whose transition is not allowed (a delivered order "cancelled"): the state stays, the
            // refusal is kept in the history for whoever investigates.
            var refused = new OrderHistoryEntry(eventId, order.EventType, order.Version, current!.Status, order.OccurredAt, data.ReceivedAt, false,
                $"'{order.EventType}' is not allowed after '{current.Status}'");
            return current with { UpdatedAt = now, History = Append(current.History, refused) };
        }

        var entry = new OrderHistoryEntry(eventId, order.EventType, order.Version, status, order.OccurredAt, data.ReceivedAt, true);
        return new OrderView
        {
            PlatformId = order.PlatformId,
            OrderId = order.OrderId,
            Version = order.Version,
            Status = status,
            CustomsMode = data.CustomsMode,
            OccurredAt = FormatUtc(order.OccurredAt),
            UpdatedAt = now,
            Buyer = order.Buyer,
            Seller = order.Seller,
            Currency = order.Currency,
            Lines = order.Lines,
            Totals = new OrderTotals(order.Lines.Count, order.Lines.Sum(l => l.Quantity), order.Lines.Sum(l => l.Quantity * l.UnitPrice)),
            Fulfilment = order.Fulfilment,
            Shipment = order.Shipment,
            History = Append(current?.History ?? [], entry),
        };
    }

    public static string FormatUtc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static List<OrderHistoryEntry> Append(IReadOnlyList<OrderHistoryEntry> history, OrderHistoryEntry entry)
    {
        var list = new List<OrderHistoryEntry>(history.Count + 1);
        list.AddRange(history.Count >= MaxHistory ? history.Skip(history.Count - MaxHistory + 1) : history);
        list.Add(entry);
        return list;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Projected {CloudEventId} into order {PlatformId}/{OrderId}: {Status} v{Version}")]
    private partial void LogProjected(string cloudEventId, string platformId, string orderId, string status, long version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored {CloudEventId} for order {PlatformId}/{OrderId}: v{Version} is not newer than stored v{StoredVersion} or was seen before")]
    private partial void LogIgnored(string cloudEventId, string platformId, string orderId, long version, long storedVersion);
}
