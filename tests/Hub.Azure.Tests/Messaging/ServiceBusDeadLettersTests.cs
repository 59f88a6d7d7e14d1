using Azure.Messaging.ServiceBus;
using Hub.Azure.Messaging;
using Hub.Contracts;

namespace Hub.Azure.Tests.Messaging;

public sealed class ServiceBusDeadLettersTests
{
    private static ServiceBusReceivedMessage DeadLettered(IDictionary<string, object>? extra = null)
    {
        var sent = ServiceBusMessageMapper.ToMessage(ServiceBusMessageMapperTests.Event("evt-3", subject: "order-3"), Topics.Orders);
        foreach (var (key, value) in extra ?? new Dictionary<string, object>()) sent.ApplicationProperties[key] = value;
        sent.ApplicationProperties["DeadLetterReason"] = "MaxDeliveryCountExceeded";
        sent.ApplicationProperties["DeadLetterErrorDescription"] = "Message could not be consumed after 10 delivery attempts.";
        return ServiceBusModelFactory.ServiceBusReceivedMessage(body: sent.Body, messageId: sent.MessageId, sessionId: sent.SessionId,
            subject: sent.Subject, contentType: sent.ContentType, properties: sent.ApplicationProperties, deliveryCount: 10,
            sequenceNumber: 4711, enqueuedTime: new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
    }

    [Fact]
    public void a_dead_letter_names_its_queue_event_and_last_error()
    {
        var letter = ServiceBusDeadLetters.ToDeadLetter(Topics.Orders, Subscriptions.ReadStore,
            DeadLettered(new Dictionary<string, object> { [ServiceBusMessageMapper.LastErrorProperty] = "TimeoutException: slow" }));

        Assert.Equal("orders:read-store:4711", letter.Id);
        Assert.Equal("evt-3", letter.EventId);
        Assert.Equal("hub.stock.stock.reported.v1", letter.EventType);
        Assert.Equal("order-3", letter.Subject);
        Assert.Equal(10, letter.Attempts);
        Assert.Equal("MaxDeliveryCountExceeded: TimeoutException: slow", letter.LastError);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), letter.DeadLetteredAt);
    }

    [Fact]
    public void without_a_handler_error_the_brokers_description_is_the_last_error()
    {
        var letter = ServiceBusDeadLetters.ToDeadLetter(Topics.Orders, Subscriptions.ReadStore, DeadLettered());

        Assert.Equal("MaxDeliveryCountExceeded: Message could not be consumed after 10 delivery attempts.", letter.LastError);
    }

    [Fact]
    public void a_replay_copy_keeps_the_event_and_session_but_gets_a_new_message_id_and_no_dead_letter_marks()
    {
        var original = DeadLettered(new Dictionary<string, object> { [ServiceBusMessageMapper.LastErrorProperty] = "boom" });

        var copy = ServiceBusDeadLetters.CloneForReplay(original, Subscriptions.ReadStore);

        Assert.Equal("replay-4711-evt-3", copy.MessageId);
        Assert.Equal("order-3", copy.SessionId);
        Assert.Equal(original.Body.ToArray(), copy.Body.ToArray());
        Assert.Equal("evt-3", ServiceBusMessageMapper.FromReceived(original).Id);
        Assert.False(copy.ApplicationProperties.ContainsKey("DeadLetterReason"));
        Assert.False(copy.ApplicationProperties.ContainsKey("DeadLetterErrorDescription"));
        Assert.False(copy.ApplicationProperties.ContainsKey(ServiceBusMessageMapper.LastErrorProperty));
        Assert.Equal(Subscriptions.ReadStore, copy.ApplicationProperties[ServiceBusMessageMapper.ReplayedForProperty]);
        Assert.Equal("evt-3", copy.ApplicationProperties[ServiceBusMessageMapper.IdProperty]);
    }

    [Theory]
    [InlineData("orders:read-store:12", true)]
    [InlineData("stock:read-store:0", true)]
    [InlineData("orders:engine:12", false)]
    [InlineData("nowhere:read-store:12", false)]
    [InlineData("orders:read-store:-1", false)]
    [InlineData("orders:read-store", false)]
    [InlineData("", false)]
    public void dead_letter_ids_name_a_known_subscription_and_a_sequence_number(string id, bool valid)
    {
        Assert.Equal(valid, ServiceBusDeadLetters.TryParseId(id, out _, out _, out _));
    }
}
