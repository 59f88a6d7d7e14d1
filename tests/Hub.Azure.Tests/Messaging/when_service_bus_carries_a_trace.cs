using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using Hub.Azure.Messaging;
using Hub.Contracts;
using Hub.Core.Events;
using Hub.Core.Telemetry;
using Hub.Testing.Telemetry;

namespace Hub.Azure.Tests.Messaging;

public sealed class when_service_bus_carries_a_trace : IAsyncDisposable
{
    private readonly FakeServiceBusClient _client = new();
    private readonly ServiceBusEventBus _bus;

    public when_service_bus_carries_a_trace() => _bus = new ServiceBusEventBus(_client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _client.DisposeAsync();
    }

    private static ServiceBusReceivedMessage Received(ServiceBusMessage sent) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(body: sent.Body, messageId: sent.MessageId, sessionId: sent.SessionId,
            subject: sent.Subject, contentType: sent.ContentType, properties: sent.ApplicationProperties, deliveryCount: 1);

    private ServiceBusMessage SentOn(string topic) => Assert.Single(Assert.Single(_client.Senders[topic].SentBatches));

    [Fact]
    public async Task publish_writes_its_span_as_traceparent_in_the_body_and_as_diagnostic_id()
    {
        using var collector = new TraceCollector();

        await _bus.PublishAsync(Topics.Orders, [ServiceBusMessageMapperTests.Event("evt-trace-1")], Ct);

        var publish = Assert.Single(collector.Spans, s => s.DisplayName == "publish orders");
        var sent = SentOn(Topics.Orders);
        Assert.Equal(publish.Id, sent.ApplicationProperties[ServiceBusMessageMapper.DiagnosticIdProperty]);
        Assert.Equal(publish.Id, ServiceBusMessageMapper.FromReceived(Received(sent))[HubTelemetry.TraceParentAttribute]);
        Assert.Equal("servicebus", publish.GetTagItem("messaging.system"));
        Assert.Equal("evt-trace-1", publish.GetTagItem("messaging.message.id"));
    }

    [Fact]
    public async Task a_subscribed_handler_runs_in_a_child_span_of_the_publish()
    {
        using var collector = new TraceCollector();
        await _bus.PublishAsync(Topics.Stock, [ServiceBusMessageMapperTests.Event("evt-trace-2")], Ct);
        Activity? during = null;
        await using var subscription = _bus.Subscribe(Topics.Stock, Subscriptions.ReadStore, (_, _) =>
        {
            during = Activity.Current;
            return Task.CompletedTask;
        });

        await _client.Processors.Single().Processor.DeliverAsync(Received(SentOn(Topics.Stock)), new FakeReceiver());

        var publish = Assert.Single(collector.Spans, s => s.DisplayName == "publish stock");
        var process = Assert.Single(collector.Spans, s => s.DisplayName == "process stock");
        Assert.Same(process, during);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.Equal(publish.TraceId, process.TraceId);
        Assert.Equal(Subscriptions.ReadStore, process.GetTagItem("messaging.destination.subscription.name"));
    }

    [Fact]
    public async Task a_functions_trigger_continues_the_trace_and_falls_back_to_diagnostic_id_when_the_body_has_none()
    {
        using var collector = new TraceCollector();
        var withoutContext = ServiceBusMessageMapper.ToMessage(ServiceBusMessageMapperTests.Event("evt-trace-3"), Topics.Stock);
        var parent = collector.Root.Id!;
        withoutContext.ApplicationProperties[ServiceBusMessageMapper.DiagnosticIdProperty] = parent;
        string? handledId = null;

        await ServiceBusDeliveries.HandleAsync(Received(withoutContext), Topics.Stock, Subscriptions.ReadStore,
            (e, _) => { handledId = e.Id; return Task.CompletedTask; }, Ct);

        Assert.Equal("evt-trace-3", handledId);
        var process = Assert.Single(collector.Spans, s => s.DisplayName == "process stock");
        Assert.Equal(collector.Root.SpanId, process.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
    }

    [Fact]
    public async Task a_functions_trigger_fails_its_span_and_rethrows_when_the_handler_throws()
    {
        using var collector = new TraceCollector();
        await _bus.PublishAsync(Topics.Stock, [ServiceBusMessageMapperTests.Event("evt-trace-4")], Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceBusDeliveries.HandleAsync(Received(SentOn(Topics.Stock)), Topics.Stock,
            Subscriptions.ReadStore, (_, _) => throw new InvalidOperationException("projection is confused"), Ct));

        var process = Assert.Single(collector.Spans, s => s.DisplayName == "process stock");
        Assert.Equal(ActivityStatusCode.Error, process.Status);
    }

    [Fact]
    public async Task without_a_listener_the_message_carries_no_trace_context()
    {
        await _bus.PublishAsync(Topics.Stock, [ServiceBusMessageMapperTests.Event("evt-trace-5")], Ct);

        var sent = SentOn(Topics.Stock);
        Assert.False(sent.ApplicationProperties.ContainsKey(ServiceBusMessageMapper.DiagnosticIdProperty));
        Assert.Null(ServiceBusMessageMapper.FromReceived(Received(sent))[HubTelemetry.TraceParentAttribute]);
    }

    [Fact]
    public async Task a_publish_service_bus_refuses_leaves_a_failed_publish_span()
    {
        using var collector = new TraceCollector();
        _client.NewSender = () => new FakeSender { SendFailure = new ServiceBusException("busy", ServiceBusFailureReason.ServiceBusy) };

        await Assert.ThrowsAsync<EventBusUnavailableException>(() => _bus.PublishAsync(Topics.Stock, [ServiceBusMessageMapperTests.Event("evt-trace-6")], Ct));

        var publish = Assert.Single(collector.Spans, s => s.DisplayName == "publish stock");
        Assert.Equal(ActivityStatusCode.Error, publish.Status);
        Assert.Equal(typeof(ServiceBusException).FullName, publish.GetTagItem("error.type"));
    }
}
