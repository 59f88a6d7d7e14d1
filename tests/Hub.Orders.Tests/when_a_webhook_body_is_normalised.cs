using System.Text;
using System.Text.Json;
using Hub.Contracts.Orders;
using Hub.Core.Events;
using Hub.Orders.Tests.Support;
using Hub.Orders.Webhooks;

namespace Hub.Orders.Tests;

public sealed class when_a_webhook_body_is_normalised
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private const string IngestionId = "ord_0123456789abcdef0123456789abcdef";

    [Fact]
    public void bytes_that_are_not_utf8_are_a_fault_at_the_root_naming_utf8()
    {
        byte[] body = [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'];

        var (cloudEvent, fault) = Normalise("zj-industrial", body);

        Assert.Null(cloudEvent);
        var message = Assert.Single(Assert.IsType<WebhookOutcome.Invalid>(fault).Errors["$"]);
        Assert.Contains("UTF-8", message);
    }

    [Fact]
    public void malformed_json_is_a_fault_naming_its_line_and_byte()
    {
        var body = Encoding.UTF8.GetBytes("{\n  \"orderId\": \"ZJ-1\",\n  oops\n}");

        var (cloudEvent, fault) = Normalise("zj-industrial", body);

        Assert.Null(cloudEvent);
        var message = Assert.Single(fault!.Errors["$"]);
        Assert.StartsWith("The body is not valid JSON (line 3, byte 3)", message);
        Assert.DoesNotContain("LineNumber", message);
    }

    [Fact]
    public void a_utf8_byte_order_mark_before_the_json_is_accepted()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Seeds.WebhookBody("01-zj-order-received.json").ToUtf8()).ToArray();

        var (cloudEvent, fault) = Normalise("zj-industrial", body);

        Assert.Null(fault);
        Assert.Equal("zj-industrial/ZJ-1001", cloudEvent!.Subject);
    }

    [Fact]
    public void json_nested_too_deeply_is_a_fault_not_an_exception()
    {
        var body = Encoding.UTF8.GetBytes(new string('[', 64) + new string(']', 64));

        var (_, fault) = Normalise("zj-industrial", body);

        Assert.StartsWith("The body is not valid JSON", Assert.Single(fault!.Errors["$"]));
    }

    [Fact]
    public void an_invalid_order_lists_every_field_fault()
    {
        var (cloudEvent, fault) = Normalise("zj-industrial", Seeds.WebhookBody("08-zj-invalid-order.json").ToUtf8());

        Assert.Null(cloudEvent);
        Assert.Equal(["buyer.country", "currency", "lines[0].quantity"], fault!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("The order has 3 invalid field(s); every fault is listed in 'errors'.", fault.Detail);
    }

    [Fact]
    public void a_valid_order_becomes_a_cloud_event_keyed_by_the_ingestion_id()
    {
        var (cloudEvent, fault) = Normalise("zj-industrial", Seeds.WebhookBody("01-zj-order-received.json").ToUtf8());

        Assert.Null(fault);
        Assert.NotNull(cloudEvent);
        Assert.Equal(IngestionId, cloudEvent.Id);
        Assert.Equal("hub.orders.order.received.v1", cloudEvent.Type);
        Assert.Equal("/hub/order-sync", cloudEvent.Source?.ToString());
        Assert.Equal("zj-industrial/ZJ-1001", cloudEvent.Subject);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 2, 15, 0, TimeSpan.Zero), cloudEvent.Time);

        var data = Assert.IsType<OrderEventData>(cloudEvent.Data);
        Assert.Equal(IngestionId, data.IngestionId);
        Assert.Equal(ReceivedAt, data.ReceivedAt);
        Assert.Equal(CustomsModes.B2BOverseasWarehouse, data.CustomsMode);
        Assert.Equal("ZJ-1001", data.Order.OrderId);
    }

    [Theory]
    [InlineData("received", "hub.orders.order.received.v1")]
    [InlineData("updated", "hub.orders.order.updated.v1")]
    [InlineData("cancelled", "hub.orders.order.cancelled.v1")]
    [InlineData("shipped", "hub.orders.order.shipped.v1")]
    [InlineData("delivered", "hub.orders.order.delivered.v1")]
    public void the_event_type_names_the_orders_event(string eventType, string cloudEventType)
    {
        var body = Seeds.WebhookBody("01-zj-order-received.json").With("/eventType", $"\"{eventType}\"");

        var (cloudEvent, _) = Normalise("zj-industrial", body.ToUtf8());

        Assert.Equal(cloudEventType, cloudEvent?.Type);
    }

    [Fact]
    public void on_the_wire_the_data_carries_the_customs_mode_and_the_order_in_camel_case()
    {
        var (cloudEvent, _) = Normalise("hz-machinery", Seeds.WebhookBody("05-hz-consumer-export.json").ToUtf8());

        using var wire = JsonDocument.Parse(HubCloudEvents.Encode(cloudEvent!));
        var root = wire.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(IngestionId, root.GetProperty("id").GetString());
        Assert.Equal("hz-machinery/HZ-2001", root.GetProperty("subject").GetString());
        var data = root.GetProperty("data");
        Assert.Equal("9610", data.GetProperty("customsMode").GetString());
        Assert.Equal(IngestionId, data.GetProperty("ingestionId").GetString());
        Assert.Equal("HZ-2001", data.GetProperty("order").GetProperty("orderId").GetString());
        Assert.Equal("consumer", data.GetProperty("order").GetProperty("buyer").GetProperty("kind").GetString());
    }

    [Fact]
    public void the_ingestion_id_is_deterministic_per_platform_and_delivery()
    {
        var first = OrderWebhookNormaliser.IngestionIdFor("zj-industrial", "msg_zj_1001_v1");

        Assert.Equal(first, OrderWebhookNormaliser.IngestionIdFor("zj-industrial", "msg_zj_1001_v1"));
        Assert.Matches("^ord_[0-9a-f]{32}$", first);
        Assert.NotEqual(first, OrderWebhookNormaliser.IngestionIdFor("hz-machinery", "msg_zj_1001_v1"));
        Assert.NotEqual(first, OrderWebhookNormaliser.IngestionIdFor("zj-industrial", "msg_zj_1001_v2"));
    }

    private static (CloudNative.CloudEvents.CloudEvent? Event, WebhookOutcome.Invalid? Fault) Normalise(string platformId, byte[] body) =>
        OrderWebhookNormaliser.Normalise(Seeds.Platform(platformId), body, IngestionId, ReceivedAt);
}
