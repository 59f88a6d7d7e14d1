using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Orders;
using Hub.Core.Events;

namespace Hub.ReadStore.Tests.Support;

/// <summary>Order events as the bus delivers them: encoded by OrderSync, decoded by the subscriber.</summary>
internal static class OrderEvents
{
    public static readonly DateTimeOffset Day = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    public static CloudEvent Order(
        string platformId, string orderId, long version, string eventType = OrderEventKinds.Received,
        string sellerId = "S-1", string destination = "DE", DateTimeOffset? occurredAt = null,
        string customsMode = CustomsModes.B2BDirectExport, IReadOnlyList<OrderLine>? lines = null, string? eventId = null)
    {
        var occurred = occurredAt ?? Day.AddHours(version);
        var id = eventId ?? $"ord_{platformId}_{orderId}_v{version}_{eventType}";
        var data = new OrderEventData
        {
            IngestionId = id,
            ReceivedAt = occurred.AddMinutes(1),
            CustomsMode = customsMode,
            Order = new CanonicalOrder
            {
                PlatformId = platformId,
                OrderId = orderId,
                Version = version,
                EventType = eventType,
                OccurredAt = occurred,
                Buyer = new OrderParty { Id = "B-1", Name = "Buyer One", Country = destination },
                Seller = new OrderParty { Id = sellerId, Name = "Seller", Country = "CN" },
                Currency = "EUR",
                Lines = lines ?? [new OrderLine { Sku = "PUMP-CX200", HsCode = "841370", Quantity = 40, Unit = "pcs", UnitPrice = 312.5m }],
                Fulfilment = new OrderFulfilment { Incoterm = "FOB" },
            },
        };
        var cloudEvent = HubCloudEvents.Create(id, OrderEventTypes.FromCanonical(eventType)!, EventSources.OrderSync, $"{platformId}/{orderId}", occurred, data);
        return HubCloudEvents.Decode(HubCloudEvents.Encode(cloudEvent));
    }
}
