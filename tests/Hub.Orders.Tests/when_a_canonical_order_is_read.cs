using System.Text.Json.Nodes;
using Hub.Contracts.Orders;
using Hub.Core.Validation;
using Hub.Orders.Canonical;
using Hub.Orders.Tests.Support;

namespace Hub.Orders.Tests;

public sealed class when_a_canonical_order_is_read
{
    [Fact]
    public void a_valid_sample_reads_every_field()
    {
        var order = ReadValid(Seeds.WebhookBody("01-zj-order-received.json"));

        Assert.Equal("zj-industrial", order.PlatformId);
        Assert.Equal("ZJ-1001", order.OrderId);
        Assert.Equal(1, order.Version);
        Assert.Equal(OrderEventKinds.Received, order.EventType);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 2, 15, 0, TimeSpan.Zero), order.OccurredAt);
        Assert.Equal(new OrderParty { Id = "B-DE-2231", Name = "Rheinland Industrietechnik GmbH", Country = "DE", Kind = PartyKinds.Business }, order.Buyer);
        Assert.Equal(new OrderParty { Id = "S-ZJ-0091", Name = "Shaoxing Precision Pumps Co.", Country = "CN", Kind = PartyKinds.Business }, order.Seller);
        Assert.Equal("EUR", order.Currency);
        Assert.Equal(
            [
                new OrderLine { Sku = "PUMP-CX200", Description = "Centrifugal pump CX200", HsCode = "841370", Quantity = 40m, Unit = "pcs", UnitPrice = 312.5m },
                new OrderLine { Sku = "SEAL-KIT-7", Description = "Mechanical seal kit", HsCode = "848420", Quantity = 200m, Unit = "pcs", UnitPrice = 8.9m },
            ],
            order.Lines);
        Assert.Equal(new OrderFulfilment { WarehouseCode = "DE-DUI-01", Incoterm = "DAP", BondedWarehouse = false }, order.Fulfilment);
        Assert.Null(order.Shipment);
    }

    [Fact]
    public void a_shipment_reads_with_its_timestamps()
    {
        var order = ReadValid(Seeds.WebhookBody("03-zj-order-shipped.json"));

        Assert.Equal(OrderEventKinds.Shipped, order.EventType);
        Assert.Equal(3, order.Version);
        Assert.Equal(
            new OrderShipment { Carrier = "DHL Freight", TrackingNumber = "DHL-77120034", ShippedAt = new DateTimeOffset(2026, 11, 22, 9, 30, 0, TimeSpan.Zero) },
            order.Shipment);
    }

    [Fact]
    public void a_bonded_warehouse_flag_reads()
    {
        var order = ReadValid(Seeds.WebhookBody("07-wz-bonded-import.json"), "wz-footwear");

        Assert.True(order.Fulfilment?.BondedWarehouse);
        Assert.Null(order.Fulfilment?.WarehouseCode);
    }

    [Fact]
    public void updatedAt_stands_in_for_a_missing_version_as_unix_milliseconds()
    {
        var body = Seeds.WebhookBody("01-zj-order-received.json")
            .With("/version", null)
            .With("/updatedAt", "\"2026-11-20T10:15:00.123+08:00\"");

        var order = ReadValid(body);

        // 2026-11-20T02:15:00.123Z
        Assert.Equal(1_795_140_900_123, order.Version);
    }

    [Fact]
    public void an_explicit_version_wins_over_updatedAt()
    {
        var body = Seeds.WebhookBody("01-zj-order-received.json")
            .With("/version", "7")
            .With("/updatedAt", "\"2026-11-20T02:15:00Z\"");

        Assert.Equal(7, ReadValid(body).Version);
    }

    [Fact]
    public void a_body_without_platformId_takes_the_platform_of_the_route()
    {
        var order = ReadValid(Seeds.WebhookBody("01-zj-order-received.json").With("/platformId", null));

        Assert.Equal("zj-industrial", order.PlatformId);
    }

    [Fact]
    public void a_buyer_without_a_kind_is_a_business()
    {
        var order = ReadValid(Seeds.WebhookBody("01-zj-order-received.json").With("/buyer/kind", null));

        Assert.Equal(PartyKinds.Business, order.Buyer.Kind);
    }

    [Fact]
    public void a_consumer_buyer_reads_as_a_consumer()
    {
        var order = ReadValid(Seeds.WebhookBody("05-hz-consumer-export.json"), "hz-machinery");

        Assert.Equal(PartyKinds.Consumer, order.Buyer.Kind);
    }

    private static CanonicalOrder ReadValid(JsonObject body, string platformId = "zj-industrial")
    {
        var errors = new ValidationErrors();
        var order = CanonicalOrderReader.Read(body.ToElement(), platformId, errors);
        Assert.True(errors.IsEmpty, errors.ToString());
        return Assert.IsType<CanonicalOrder>(order);
    }
}
