using Azure.Messaging.ServiceBus;
using CloudNative.CloudEvents;
using Hub.Azure.Messaging;
using Hub.Contracts;
using Hub.Core.Events;

namespace Hub.Azure.Tests.Messaging;

public sealed class ServiceBusMessageMapperTests
{
    internal sealed record StockLevel(string Sku, int OnHand);

    internal static CloudEvent Event(string id = "evt-1", string subject = "wh-1") => HubCloudEvents.Create(
        id, "hub.stock.stock.reported.v1", EventSources.StockReports, subject,
        new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero), new StockLevel("SKU-1", 12));

    private static ServiceBusReceivedMessage AsReceived(ServiceBusMessage sent) => ServiceBusModelFactory.ServiceBusReceivedMessage(
        body: sent.Body,
        messageId: sent.MessageId,
        sessionId: sent.SessionId,
        subject: sent.Subject,
        contentType: sent.ContentType,
        properties: sent.ApplicationProperties,
        deliveryCount: 1,
        sequenceNumber: 17);

    [Fact]
    public void an_event_survives_the_trip_through_service_bus()
    {
        var sent = Event();

        var received = ServiceBusMessageMapper.FromReceived(AsReceived(ServiceBusMessageMapper.ToMessage(sent, Topics.Stock)));

        Assert.Equal(sent.Id, received.Id);
        Assert.Equal(sent.Type, received.Type);
        Assert.Equal(sent.Source, received.Source);
        Assert.Equal(sent.Subject, received.Subject);
        Assert.Equal(sent.Time, received.Time);
        Assert.Equal(new StockLevel("SKU-1", 12), HubCloudEvents.GetData<StockLevel>(received));
    }

    [Fact]
    public void an_order_whose_session_or_id_is_longer_than_service_bus_holds_keeps_one_session_and_its_real_values()
    {
        // An order's session is "{platformId}/{orderId}", and each may be 128 characters: Service Bus holds 128 in all.
        var subject = new string('p', 128) + "/" + new string('订', 128);
        var id = new string('e', 200);
        var cloudEvent = HubCloudEvents.Create(id, "hub.orders.order.received.v1", EventSources.OrderSync, subject,
            new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero), new StockLevel("SKU-1", 1));

        var first = ServiceBusMessageMapper.ToMessage(cloudEvent, Topics.Orders);
        var again = ServiceBusMessageMapper.ToMessage(cloudEvent, Topics.Orders);
        var other = ServiceBusMessageMapper.ToMessage(Event(id + "x", subject + "x"), Topics.Orders);

        Assert.InRange(first.SessionId.Length, 1, ServiceBusMessageMapper.MaxIdLength);
        Assert.InRange(first.MessageId.Length, 1, ServiceBusMessageMapper.MaxIdLength);
        Assert.Equal(first.SessionId, again.SessionId);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.SessionId, other.SessionId);
        Assert.NotEqual(first.MessageId, other.MessageId);
        var received = ServiceBusMessageMapper.FromReceived(AsReceived(first));
        Assert.Equal(subject, received.Subject);
        Assert.Equal(id, received.Id);
    }

    [Fact]
    public void a_session_and_id_service_bus_can_hold_are_used_as_they_are()
    {
        var message = ServiceBusMessageMapper.ToMessage(Event(new string('e', 128), "mall-1/" + new string('o', 121)), Topics.Orders);

        Assert.Equal(new string('e', 128), message.MessageId);
        Assert.Equal("mall-1/" + new string('o', 121), message.SessionId);
    }

    [Fact]
    public void the_body_is_the_structured_cloud_event_and_the_envelope_names_it()
    {
        var message = ServiceBusMessageMapper.ToMessage(Event(), Topics.Stock);

        Assert.Equal("application/cloudevents+json", message.ContentType);
        Assert.Equal("evt-1", message.MessageId);
        Assert.Equal("hub.stock.stock.reported.v1", message.Subject);
        Assert.Equal("evt-1", HubCloudEvents.Decode(message.Body.ToMemory()).Id);
    }

    [Fact]
    public void application_properties_carry_the_cloud_event_attributes()
    {
        var message = ServiceBusMessageMapper.ToMessage(Event(), Topics.Stock);

        Assert.Equal(
            new Dictionary<string, object>
            {
                ["cloudEvents:id"] = "evt-1",
                ["cloudEvents:source"] = "/hub/stock-reports",
                ["cloudEvents:type"] = "hub.stock.stock.reported.v1",
                ["cloudEvents:subject"] = "wh-1",
                ["cloudEvents:time"] = "2025-03-04T05:06:07Z",
                ["cloudEvents:specversion"] = "1.0",
            },
            message.ApplicationProperties);
    }

    [Fact]
    public void orders_are_sessioned_by_subject_and_other_topics_are_not()
    {
        Assert.Equal("platform-a:order-9", ServiceBusMessageMapper.ToMessage(Event(subject: "platform-a:order-9"), Topics.Orders).SessionId);
        Assert.Null(ServiceBusMessageMapper.ToMessage(Event(), Topics.Stock).SessionId);
        Assert.Null(ServiceBusMessageMapper.ToMessage(Event(), Topics.Matchmaking).SessionId);
        Assert.Null(ServiceBusMessageMapper.ToMessage(Event(), Topics.PartnerFeeds).SessionId);
    }

    [Fact]
    public void an_order_event_without_a_subject_cannot_be_sessioned()
    {
        var unsubjected = Event();
        unsubjected.Subject = null;

        Assert.Throws<ArgumentException>(() => ServiceBusMessageMapper.ToMessage(unsubjected, Topics.Orders));
    }

    [Fact]
    public void a_message_that_is_not_a_cloud_event_is_a_format_error()
    {
        var plain = ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString("{\"hello\":1}"), messageId: "m", contentType: "application/json");
        var garbage = ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString("not json"), messageId: "m",
            contentType: "application/cloudevents+json");

        Assert.Throws<FormatException>(() => ServiceBusMessageMapper.FromReceived(plain));
        Assert.Throws<FormatException>(() => ServiceBusMessageMapper.FromReceived(garbage));
    }
}
