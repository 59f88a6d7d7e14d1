using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Contracts;
using Hub.Contracts.Orders;
using Hub.Core.Events;

namespace Hub.Core.Tests.Contracts;

/// <summary>
/// The order event's wire format is pinned by the reference JSON beside this file: renaming or removing a field
/// fails here. Additive changes update the reference; a breaking change is a new version (v2) beside v1.
/// </summary>
public sealed class order_event_v1_wire_format
{
    private static readonly string ReferencePath = Path.Combine(AppContext.BaseDirectory, "Contracts", "order.event.v1.json");

    internal static OrderEventData Sample() => new()
    {
        IngestionId = "ord_8d3e268a77669c3ac1fe096f6a204ab5",
        ReceivedAt = new DateTimeOffset(2026, 11, 20, 2, 15, 3, 500, TimeSpan.Zero),
        CustomsMode = CustomsModes.B2BOverseasWarehouse,
        Order = new CanonicalOrder
        {
            PlatformId = "zj-industrial",
            OrderId = "ZJ-1001",
            Version = 1,
            EventType = OrderEventKinds.Received,
            OccurredAt = new DateTimeOffset(2026, 11, 20, 2, 15, 0, TimeSpan.Zero),
            Buyer = new OrderParty { Id = "B-DE-2231", Name = "Rheinland Industrietechnik GmbH", Country = "DE", Kind = PartyKinds.Business },
            Seller = new OrderParty { Id = "S-ZJ-0091", Name = "Shaoxing Precision Pumps Co.", Country = "CN" },
            Currency = "EUR",
            Lines = [new OrderLine { Sku = "PUMP-CX200", Description = "Centrifugal pump CX200", HsCode = "841370", Quantity = 40, Unit = "pcs", UnitPrice = 312.5m }],
            Fulfilment = new OrderFulfilment { WarehouseCode = "DE-DUI-01", Incoterm = "DAP" },
        },
    };

    [Fact]
    public void encoding_an_order_event_gives_the_reference_json()
    {
        var cloudEvent = HubCloudEvents.Create(Sample().IngestionId, OrderEventTypes.Received, EventSources.OrderSync,
            "zj-industrial/ZJ-1001", new DateTimeOffset(2026, 11, 20, 2, 15, 0, TimeSpan.Zero), Sample());

        var encoded = JsonNode.Parse(HubCloudEvents.Encode(cloudEvent).Span);
        var reference = JsonNode.Parse(File.ReadAllText(ReferencePath));

        Assert.True(JsonNode.DeepEquals(reference, encoded), $"The wire format changed:\n{encoded}");
    }

    [Fact]
    public void the_reference_json_decodes_to_the_same_event()
    {
        var cloudEvent = HubCloudEvents.Decode(File.ReadAllBytes(ReferencePath));
        var data = HubCloudEvents.GetData<OrderEventData>(cloudEvent);

        Assert.Equal(OrderEventTypes.Received, cloudEvent.Type);
        Assert.Equal("zj-industrial/ZJ-1001", cloudEvent.Subject);
        Assert.Equal(JsonSerializer.Serialize(Sample(), HubCloudEvents.DataOptions), JsonSerializer.Serialize(data, HubCloudEvents.DataOptions));
    }

    [Fact]
    public void every_order_event_type_is_a_versioned_wire_name()
    {
        Assert.All(OrderEventTypes.All, t => Assert.Matches(@"^hub\.orders\.order\.[a-z]+\.v1$", t));
        Assert.All(OrderEventKinds.All, k => Assert.NotNull(OrderEventTypes.FromCanonical(k)));
    }
}
