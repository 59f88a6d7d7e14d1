using System.Text.Json.Nodes;
using Hub.Contracts.Orders;
using Hub.Core.Validation;
using Hub.Orders.Canonical;
using Hub.Orders.Mapping;
using Hub.Orders.Tests.Support;
using Hub.Orders.Webhooks;

namespace Hub.Orders.Tests;

public sealed class when_a_platform_payload_is_mapped
{
    private const string Ningbo = "nb-textiles";

    [Fact]
    public void the_ningbo_sample_maps_to_a_valid_canonical_order()
    {
        var canonical = PayloadMapper.ToCanonical(Sample().ToElement(), Mapping);
        var errors = new ValidationErrors();

        var order = CanonicalOrderReader.Read(canonical, Ningbo, errors);

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.NotNull(order);
        Assert.Equal(Ningbo, order.PlatformId);
        Assert.Equal("NB-30045", order.OrderId);
        Assert.Equal(1, order.Version);
        Assert.Equal(OrderEventKinds.Received, order.EventType);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 19, 0, 0, TimeSpan.Zero), order.OccurredAt);
        Assert.Equal(new OrderParty { Id = "JP-KYO-551", Name = "Kyoto Apparel KK", Country = "JP", Kind = PartyKinds.Business }, order.Buyer);
        Assert.Equal(new OrderParty { Id = "NB-M-120", Name = "Ningbo Silk Weavers", Country = "CN" }, order.Seller);
        Assert.Equal("JPY", order.Currency);
        Assert.Equal(
            [new OrderLine { Sku = "SILK-SCARF-90", Description = "Silk scarf 90x90", HsCode = "621410", Quantity = 500m, Unit = "pcs", UnitPrice = 1800m }],
            order.Lines);
        Assert.Equal("FOB", order.Fulfilment?.Incoterm);
        Assert.Null(order.Fulfilment?.WarehouseCode);
    }

    [Theory]
    [InlineData("CREATED", "received")]
    [InlineData("CHANGED", "updated")]
    [InlineData("CANCELLED", "cancelled")]
    [InlineData("SHIPPED", "shipped")]
    [InlineData("DELIVERED", "delivered")]
    public void the_platforms_status_is_translated_to_the_canonical_event_type(string status, string eventType)
    {
        var canonical = PayloadMapper.ToCanonical(Sample().With("/status", $"\"{status}\"").ToElement(), Mapping);

        Assert.Equal(eventType, canonical.GetProperty("eventType").GetString());
    }

    [Theory]
    [InlineData("B", "business")]
    [InlineData("C", "consumer")]
    public void the_customer_type_is_translated_to_the_buyer_kind(string type, string kind)
    {
        var canonical = PayloadMapper.ToCanonical(Sample().With("/customer/type", $"\"{type}\"").ToElement(), Mapping);

        Assert.Equal(kind, canonical.GetProperty("buyer").GetProperty("kind").GetString());
    }

    [Fact]
    public void a_consumer_customer_makes_the_mapped_order_a_9610_export()
    {
        var (cloudEvent, fault) = Normalise(Sample().With("/customer/type", "\"C\""));

        Assert.Null(fault);
        Assert.Equal(CustomsModes.CrossBorderB2C, Assert.IsType<OrderEventData>(cloudEvent!.Data).CustomsMode);
    }

    [Fact]
    public void a_missing_field_is_reported_at_its_canonical_path_naming_where_it_was_mapped_from()
    {
        var (_, fault) = Normalise(Sample().With("/customer/address/country_code", null));

        Assert.NotNull(fault);
        Assert.Equal(["Required. (mapped from /customer/address/country_code)"], fault.Errors["buyer.country"]);
        Assert.Single(fault.Errors);
    }

    [Fact]
    public void a_bad_line_field_names_the_element_it_was_mapped_from()
    {
        var (_, fault) = Normalise(Sample().With("/goods/0/qty", "-1"));

        Assert.Equal(["Must be greater than 0, not -1. (mapped from /goods/0/qty)"], fault!.Errors["lines[0].quantity"]);
    }

    [Fact]
    public void a_value_outside_the_translation_table_passes_through_and_is_refused()
    {
        var (_, fault) = Normalise(Sample().With("/status", "\"PAID\""));

        Assert.Equal(["'PAID' is not one of received, updated, cancelled, shipped, delivered. (mapped from /status)"], fault!.Errors["eventType"]);
    }

    [Fact]
    public void goods_that_are_not_an_array_are_reported_at_lines()
    {
        var (_, fault) = Normalise(Sample().With("/goods", "{\"goods_sku\":\"X\"}"));

        Assert.Equal(["Must be an array, not an object. (mapped from /goods)"], fault!.Errors["lines"]);
    }

    [Fact]
    public void missing_goods_are_reported_at_lines()
    {
        var (_, fault) = Normalise(Sample().With("/goods", null));

        Assert.Equal(["Required: at least one order line. (mapped from /goods)"], fault!.Errors["lines"]);
    }

    [Theory]
    [InlineData("buyer.country", "/customer/address/country_code")]
    [InlineData("lines", "/goods")]
    [InlineData("lines[3]", "/goods/3")]
    [InlineData("lines[12].unitPrice", "/goods/12/price")]
    [InlineData("buyer", null)]
    [InlineData("platformId", null)]
    public void the_source_of_a_canonical_path_is_its_json_pointer(string canonicalPath, string? pointer)
    {
        Assert.Equal(pointer, PayloadMapper.SourceOf(canonicalPath, Mapping));
    }

    private static Core.Registry.PayloadMapping Mapping => Seeds.Platform(Ningbo).Mapping!;

    private static JsonObject Sample() => Seeds.WebhookBody("06-nb-mapped-payload.json");

    private static (CloudNative.CloudEvents.CloudEvent? Event, WebhookOutcome.Invalid? Fault) Normalise(JsonObject body) =>
        OrderWebhookNormaliser.Normalise(Seeds.Platform(Ningbo), body.ToUtf8(), "ord_test", DateTimeOffset.UnixEpoch);
}
