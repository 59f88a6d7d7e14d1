using Hub.Contracts.Orders;
using Hub.Orders.Customs;
using Hub.Orders.Tests.Support;
using Hub.Orders.Webhooks;

namespace Hub.Orders.Tests;

public sealed class when_the_customs_mode_is_derived
{
    [Theory]
    [InlineData("CN", "US", "consumer", null, false, "9610")]
    [InlineData("CN", "US", "consumer", "US-LAX-01", false, "9610")]
    [InlineData("CN", "DE", "business", null, false, "9710")]
    [InlineData("CN", "DE", "business", "", false, "9710")]
    [InlineData("CN", "DE", "business", "DE-DUI-01", false, "9810")]
    [InlineData("IT", "CN", "business", null, true, "1210")]
    [InlineData("IT", "CN", "consumer", null, true, "1210")]
    [InlineData("IT", "CN", "business", null, false, "0110")]
    [InlineData("US", "DE", "business", null, false, "0110")]
    [InlineData("DE", "US", "consumer", "US-LAX-01", false, "0110")]
    [InlineData("CN", "CN", "business", null, false, "domestic")]
    [InlineData("CN", "CN", "consumer", "CN-HGH-01", false, "domestic")]
    [InlineData("DE", "DE", "business", null, false, "domestic")]
    public void the_mode_follows_from_the_parties_and_the_fulfilment(
        string sellerCountry, string buyerCountry, string buyerKind, string? warehouseCode, bool bonded, string mode)
    {
        var order = new CanonicalOrder
        {
            PlatformId = "p",
            OrderId = "o",
            Version = 1,
            EventType = OrderEventKinds.Received,
            OccurredAt = DateTimeOffset.UnixEpoch,
            Buyer = new OrderParty { Id = "b", Country = buyerCountry, Kind = buyerKind },
            Seller = new OrderParty { Id = "s", Country = sellerCountry },
            Currency = "USD",
            Lines = [new OrderLine { Sku = "x", Quantity = 1, UnitPrice = 1 }],
            Fulfilment = new OrderFulfilment { WarehouseCode = warehouseCode, BondedWarehouse = bonded },
        };

        Assert.Equal(mode, CustomsModeRules.Derive(order));
    }

    [Fact]
    public void an_export_without_fulfilment_details_is_a_direct_export()
    {
        var order = new CanonicalOrder
        {
            PlatformId = "p",
            OrderId = "o",
            Version = 1,
            EventType = OrderEventKinds.Received,
            OccurredAt = DateTimeOffset.UnixEpoch,
            Buyer = new OrderParty { Id = "b", Country = "DE" },
            Seller = new OrderParty { Id = "s", Country = "CN" },
            Currency = "EUR",
            Lines = [new OrderLine { Sku = "x", Quantity = 1, UnitPrice = 1 }],
        };

        Assert.Equal(CustomsModes.B2BDirectExport, CustomsModeRules.Derive(order));
    }

    [Theory]
    [InlineData("01-zj-order-received.json", "9810")]
    [InlineData("05-hz-consumer-export.json", "9610")]
    [InlineData("06-nb-mapped-payload.json", "9710")]
    [InlineData("07-wz-bonded-import.json", "1210")]
    public void each_seed_sample_carries_the_mode_its_description_names(string sample, string mode)
    {
        var webhook = Seeds.Webhook(sample);
        var platform = Seeds.Platform(webhook["platformId"]!.GetValue<string>());

        var (cloudEvent, fault) = OrderWebhookNormaliser.Normalise(platform, webhook["body"]!.ToUtf8(), "ord_test", DateTimeOffset.UnixEpoch);

        Assert.Null(fault);
        Assert.Contains(mode, webhook["description"]!.GetValue<string>());
        Assert.Equal(mode, Assert.IsType<OrderEventData>(cloudEvent!.Data).CustomsMode);
    }
}
