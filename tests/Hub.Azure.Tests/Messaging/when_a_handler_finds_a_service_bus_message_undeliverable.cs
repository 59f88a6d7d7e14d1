using Azure.Messaging.ServiceBus;
using Hub.Azure.Messaging;
using Hub.Contracts;
using Hub.Core.Events;

namespace Hub.Azure.Tests.Messaging;

/// <summary>
/// An <see cref="UndeliverableEventException"/> dead-letters the message at once in Azure too, through the trigger's message
/// actions or the processor's receiver, with the handler's message as the description the dead-letter list shows.
/// </summary>
public sealed class when_a_handler_finds_a_service_bus_message_undeliverable : IAsyncDisposable
{
    private const string Refusal = "Partner my-ewtp refused order shop-1/o-1 version 3: 400 Bad Request: {\"error\":\"buyer address missing\"}";

    private readonly FakeServiceBusClient _client = new();
    private readonly ServiceBusEventBus _bus;
    private readonly List<(string Reason, string Description)> _deadLettered = [];

    public when_a_handler_finds_a_service_bus_message_undeliverable() => _bus = new ServiceBusEventBus(_client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _client.DisposeAsync();
    }

    private static ServiceBusReceivedMessage Received(string id, IDictionary<string, object>? properties = null)
    {
        var sent = ServiceBusMessageMapper.ToMessage(ServiceBusMessageMapperTests.Event(id, subject: "o-1"), Topics.Orders);
        foreach (var (key, value) in properties ?? new Dictionary<string, object>()) sent.ApplicationProperties[key] = value;
        return ServiceBusModelFactory.ServiceBusReceivedMessage(body: sent.Body, messageId: sent.MessageId, sessionId: sent.SessionId,
            subject: sent.Subject, contentType: sent.ContentType, properties: sent.ApplicationProperties, deliveryCount: 1, sequenceNumber: 12);
    }

    private Task DeadLetter(string reason, string description, CancellationToken _)
    {
        _deadLettered.Add((reason, description));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task the_function_dead_letters_it_with_the_reason_and_returns()
    {
        await ServiceBusDeliveries.HandleAsync(Received("evt-1"), Topics.Orders, Subscriptions.PartnerPush,
            (_, _) => throw new UndeliverableEventException(Refusal), DeadLetter, Ct);

        Assert.Equal([(UndeliverableEventException.DeadLetterReason, Refusal)], _deadLettered);
    }

    [Fact]
    public async Task any_other_failure_is_left_to_service_bus_retries()
    {
        await Assert.ThrowsAsync<TimeoutException>(() => ServiceBusDeliveries.HandleAsync(Received("evt-2"), Topics.Orders, Subscriptions.PartnerPush,
            (_, _) => throw new TimeoutException("partner slow"), DeadLetter, Ct));

        Assert.Empty(_deadLettered);
    }

    [Fact]
    public async Task a_description_longer_than_service_bus_takes_is_cut()
    {
        var longAnswer = new string('x', 10_000);

        await ServiceBusDeliveries.HandleAsync(Received("evt-3"), Topics.Orders, Subscriptions.PartnerPush,
            (_, _) => throw new UndeliverableEventException(longAnswer), DeadLetter, Ct);

        Assert.Equal(ServiceBusDeliveries.MaxDeadLetterDescriptionLength, Assert.Single(_deadLettered).Description.Length);
    }

    [Fact]
    public void the_dead_letter_list_shows_the_description()
    {
        var deadLettered = Received("evt-4", new Dictionary<string, object>
        {
            ["DeadLetterReason"] = UndeliverableEventException.DeadLetterReason,
            ["DeadLetterErrorDescription"] = Refusal,
        });

        var letter = ServiceBusDeadLetters.ToDeadLetter(Topics.Orders, Subscriptions.PartnerPush, deadLettered);

        Assert.Equal($"Undeliverable: {Refusal}", letter.LastError);
        Assert.Equal("evt-4", letter.EventId);
    }

    [Fact]
    public async Task the_processor_path_dead_letters_it_without_abandoning()
    {
        await using var subscription = _bus.Subscribe(Topics.Stock, Subscriptions.ReadStore, (_, _) => throw new UndeliverableEventException(Refusal));
        var receiver = new FakeReceiver();

        await _client.Processors.Single().Processor.DeliverAsync(Received("evt-5"), receiver);

        Assert.Equal([$"dead-letter:{UndeliverableEventException.DeadLetterReason}"], receiver.Settlements);
    }
}
