using Azure.Messaging.ServiceBus;
using CloudNative.CloudEvents;
using Hub.Azure.Messaging;
using Hub.Contracts;
using Hub.Core.Events;

namespace Hub.Azure.Tests.Messaging;

public sealed class ServiceBusEventBusTests : IAsyncDisposable
{
    private readonly FakeServiceBusClient _client = new();
    private readonly ServiceBusEventBus _bus;

    public ServiceBusEventBusTests() => _bus = new ServiceBusEventBus(_client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _client.DisposeAsync();
    }

    private static List<CloudEvent> Events(int count, string prefix = "evt") =>
        [.. Enumerable.Range(0, count).Select(i => ServiceBusMessageMapperTests.Event($"{prefix}-{i}", subject: $"order-{i % 2}"))];

    private static ServiceBusReceivedMessage Received(CloudEvent cloudEvent, string topic)
    {
        var sent = ServiceBusMessageMapper.ToMessage(cloudEvent, topic);
        return ServiceBusModelFactory.ServiceBusReceivedMessage(body: sent.Body, messageId: sent.MessageId, sessionId: sent.SessionId,
            subject: sent.Subject, contentType: sent.ContentType, properties: sent.ApplicationProperties, deliveryCount: 1);
    }

    [Fact]
    public async Task one_publish_sends_one_batch_with_every_event_in_order()
    {
        await _bus.PublishAsync(Topics.Orders, Events(5), Ct);

        var sender = _client.Senders[Topics.Orders];
        var batch = Assert.Single(sender.SentBatches);
        Assert.Equal(["evt-0", "evt-1", "evt-2", "evt-3", "evt-4"], batch.Select(m => m.MessageId));
        Assert.All(batch, m =>
        {
            Assert.Equal("application/cloudevents+json", m.ContentType);
            Assert.Equal("hub.stock.stock.reported.v1", m.Subject);
            Assert.Equal(m.MessageId, m.ApplicationProperties["cloudEvents:id"]);
        });
        Assert.Equal(["order-0", "order-1", "order-0", "order-1", "order-0"], batch.Select(m => m.SessionId));
    }

    [Fact]
    public async Task events_that_overflow_a_batch_go_in_further_batches()
    {
        _client.NewSender = () => new FakeSender { MessagesPerBatch = 2 };

        await _bus.PublishAsync(Topics.Stock, Events(5), Ct);

        var sender = _client.Senders[Topics.Stock];
        Assert.Equal([2, 2, 1], sender.SentBatches.Select(b => b.Count));
        Assert.Equal(["evt-0", "evt-1", "evt-2", "evt-3", "evt-4"], sender.SentBatches.SelectMany(b => b).Select(m => m.MessageId));
        Assert.All(sender.SentBatches.SelectMany(b => b), m => Assert.Null(m.SessionId));
    }

    [Fact]
    public async Task an_event_too_large_for_any_message_fails_the_call_before_anything_is_sent()
    {
        _client.NewSender = () => new FakeSender { MaxBatchBytes = 100 };

        await Assert.ThrowsAsync<ArgumentException>(() => _bus.PublishAsync(Topics.Stock, Events(2), Ct));

        Assert.Empty(_client.Senders[Topics.Stock].SentBatches);
    }

    [Fact]
    public async Task senders_are_created_once_per_topic()
    {
        await _bus.PublishAsync(Topics.Orders, Events(1), Ct);
        await _bus.PublishAsync(Topics.Orders, Events(1, "again"), Ct);
        await _bus.PublishAsync(Topics.Stock, Events(1), Ct);

        Assert.Equal([Topics.Orders, Topics.Stock], _client.Senders.Keys.Order());
        Assert.Equal(2, _client.Senders[Topics.Orders].SentBatches.Count);
    }

    [Fact]
    public async Task nothing_to_publish_sends_nothing()
    {
        await _bus.PublishAsync(Topics.Orders, [], Ct);

        Assert.Empty(_client.Senders);
    }

    [Theory]
    [InlineData(ServiceBusFailureReason.ServiceCommunicationProblem)]
    [InlineData(ServiceBusFailureReason.ServiceBusy)]
    [InlineData(ServiceBusFailureReason.ServiceTimeout)]
    [InlineData(ServiceBusFailureReason.MessagingEntityNotFound)]
    [InlineData(ServiceBusFailureReason.QuotaExceeded)]
    public async Task a_service_bus_failure_means_the_bus_is_unavailable(ServiceBusFailureReason reason)
    {
        var failure = new ServiceBusException("broker says no", reason);
        _client.NewSender = () => new FakeSender { SendFailure = failure };

        var e = await Assert.ThrowsAsync<EventBusUnavailableException>(() => _bus.PublishAsync(Topics.Orders, Events(1), Ct));

        Assert.Same(failure, e.InnerException);
    }

    [Fact]
    public async Task an_event_published_for_later_is_a_scheduled_message_whose_id_is_the_event_id()
    {
        var runRequest = ServiceBusMessageMapperTests.Event("stock-run/op/report/2", subject: "op/report");
        var notBefore = new DateTimeOffset(2026, 11, 25, 8, 0, 5, TimeSpan.Zero);

        await _bus.PublishLaterAsync(Topics.Stock, runRequest, notBefore, Ct);

        var sender = _client.Senders[Topics.Stock];
        var (message, enqueueAt) = Assert.Single(sender.Scheduled);
        Assert.Empty(sender.SentBatches);
        Assert.Equal(notBefore, enqueueAt);
        // Duplicate detection on the topic recognises the same request scheduled again by its MessageId.
        Assert.Equal("stock-run/op/report/2", message.MessageId);
        Assert.Equal(runRequest.Type, message.Subject);
    }

    [Fact]
    public async Task a_failure_to_schedule_means_the_bus_is_unavailable()
    {
        var failure = new ServiceBusException("broker says no", ServiceBusFailureReason.ServiceBusy);
        _client.NewSender = () => new FakeSender { SendFailure = failure };

        var e = await Assert.ThrowsAsync<EventBusUnavailableException>(() =>
            _bus.PublishLaterAsync(Topics.Stock, ServiceBusMessageMapperTests.Event(), DateTimeOffset.UtcNow, Ct));

        Assert.Same(failure, e.InnerException);
    }

    [Fact]
    public async Task a_timeout_means_the_bus_is_unavailable()
    {
        _client.NewSender = () => new FakeSender { SendFailure = new TimeoutException() };

        await Assert.ThrowsAsync<EventBusUnavailableException>(() => _bus.PublishAsync(Topics.Orders, Events(1), Ct));
    }

    [Fact]
    public async Task the_callers_own_cancellation_stays_a_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        _client.NewSender = () => new FakeSender { SendFailure = new OperationCanceledException(cancelled.Token) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _bus.PublishAsync(Topics.Orders, Events(1), cancelled.Token));
    }

    [Fact]
    public async Task disposing_the_bus_disposes_its_senders()
    {
        await _bus.PublishAsync(Topics.Orders, Events(1), Ct);

        await _bus.DisposeAsync();

        Assert.True(_client.Senders[Topics.Orders].Disposed);
    }

    [Fact]
    public async Task orders_are_consumed_by_a_session_processor_and_other_topics_by_a_plain_one()
    {
        await using (_bus.Subscribe(Topics.Orders, Subscriptions.ReadStore, (_, _) => Task.CompletedTask))
        await using (_bus.Subscribe(Topics.Stock, Subscriptions.ReadStore, (_, _) => Task.CompletedTask))
        {
            var (topic, subscription, sessionOptions, sessionProcessor) = Assert.Single(_client.SessionProcessors);
            Assert.Equal((Topics.Orders, Subscriptions.ReadStore), (topic, subscription));
            Assert.False(sessionOptions.AutoCompleteMessages);
            Assert.Equal(1, sessionOptions.MaxConcurrentCallsPerSession);
            Assert.True(sessionProcessor.Started);

            var (plainTopic, _, options, processor) = Assert.Single(_client.Processors);
            Assert.Equal(Topics.Stock, plainTopic);
            Assert.False(options.AutoCompleteMessages);
            Assert.True(processor.Started);
        }
        Assert.True(_client.Processors.Single().Processor.Stopped);
    }

    [Fact]
    public async Task a_handled_message_is_completed_after_the_handler_returns()
    {
        var handled = new List<string>();
        await using var subscription = _bus.Subscribe(Topics.Stock, Subscriptions.ReadStore, (e, _) =>
        {
            handled.Add(e.Id!);
            return Task.CompletedTask;
        });
        var receiver = new FakeReceiver();

        await _client.Processors.Single().Processor.DeliverAsync(Received(ServiceBusMessageMapperTests.Event("evt-7"), Topics.Stock), receiver);

        Assert.Equal(["evt-7"], handled);
        Assert.Equal(["complete"], receiver.Settlements);
    }

    [Fact]
    public async Task a_handler_that_throws_abandons_the_message_with_its_error_for_the_broker_to_retry()
    {
        await using var subscription = _bus.Subscribe(Topics.Stock, Subscriptions.ReadStore,
            (_, _) => throw new InvalidOperationException("projection is confused"));
        var receiver = new FakeReceiver();

        await _client.Processors.Single().Processor.DeliverAsync(Received(ServiceBusMessageMapperTests.Event(), Topics.Stock), receiver);

        Assert.Equal(["abandon"], receiver.Settlements);
        Assert.Equal("InvalidOperationException: projection is confused", receiver.AbandonedWith?[ServiceBusMessageMapper.LastErrorProperty]);
    }

    [Fact]
    public async Task an_order_message_is_settled_through_its_session()
    {
        await using var subscription = _bus.Subscribe(Topics.Orders, Subscriptions.ReadStore, (_, _) => Task.CompletedTask);
        var receiver = new FakeSessionReceiver();

        await _client.SessionProcessors.Single().Processor.DeliverAsync(Received(ServiceBusMessageMapperTests.Event(), Topics.Orders), receiver);

        Assert.Equal(["complete"], receiver.Settlements);
    }

    [Fact]
    public async Task a_message_that_is_not_a_cloud_event_is_dead_lettered_at_once()
    {
        var called = false;
        await using var subscription = _bus.Subscribe(Topics.Stock, Subscriptions.ReadStore, (_, _) =>
        {
            called = true;
            return Task.CompletedTask;
        });
        var receiver = new FakeReceiver();
        var garbage = ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString("nope"), messageId: "m-1",
            contentType: "text/plain");

        await _client.Processors.Single().Processor.DeliverAsync(garbage, receiver);

        Assert.False(called);
        Assert.Equal(["dead-letter:UndecodableCloudEvent"], receiver.Settlements);
    }
}
