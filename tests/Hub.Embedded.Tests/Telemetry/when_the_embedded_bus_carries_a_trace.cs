using System.Diagnostics;
using Hub.Contracts;
using Hub.Core.Events;
using Hub.Embedded.Messaging;
using Hub.Embedded.Tests.Support;
using Hub.Testing.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Embedded.Tests.Telemetry;

public sealed class when_the_embedded_bus_carries_a_trace : IAsyncDisposable
{
    // The hub's own table but for orders' second subscription (partner-push): one subscription per topic here, so that one
    // event makes one process span.
    private readonly EmbeddedHub _hub = new(consumers: TestConsumers.WithoutPartnerPush);
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();
    private EmbeddedSubscriptions? _subscriptions;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_subscriptions is not null) await _subscriptions.StoppedAsync(CancellationToken.None);
        await _services.DisposeAsync();
        await _hub.DisposeAsync();
    }

    /// <summary>The handler subscribed as Standalone subscribes it: through <see cref="EmbeddedSubscriptions"/>.</summary>
    private Task SubscribeAsync(string topic, RecordingHandler handler)
    {
        // Every row of the bus's table needs a handler; the others' take what they are given and do nothing.
        _subscriptions = new EmbeddedSubscriptions(_hub.Bus,
            _hub.Consumers.Select(row => new EventHandlerRegistration(row, _ => row.Topic == topic && row.Subscription == Subscriptions.ReadStore
                ? handler.HandleAsync
                : (_, _) => Task.CompletedTask)).ToList(),
            _services);
        return StartAsync(_subscriptions);
    }

    private static async Task StartAsync(EmbeddedSubscriptions subscriptions)
    {
        await subscriptions.StartAsync(Ct);
        await subscriptions.StartedAsync(Ct);
    }

    [Fact]
    public async Task a_delivery_to_a_live_subscriber_is_processed_in_a_child_span_of_its_publish()
    {
        var handler = new RecordingHandler();
        await SubscribeAsync(Topics.Orders, handler);
        using var collector = new TraceCollector();

        await _hub.Bus.PublishAsync(Topics.Orders, [TestEvents.Order("O-TRACE-1", 1)], Ct);

        await Eventually.Until(() => collector.Spans.Any(s => s.DisplayName == "process orders"), "the delivery's span ends");
        AssertOneTrace(collector, "O-TRACE-1/1", "orders");
    }

    [Fact]
    public async Task an_event_read_back_from_sqlite_after_a_restart_continues_the_trace_it_was_published_in()
    {
        using var collector = new TraceCollector();
        await _hub.Bus.PublishAsync(Topics.Stock, [TestEvents.Stock("S-TRACE-1")], Ct);
        await _hub.RestartAsync();

        await SubscribeAsync(Topics.Stock, new RecordingHandler());

        await Eventually.Until(() => collector.Spans.Any(s => s.DisplayName == "process stock"), "the delivery's span ends");
        AssertOneTrace(collector, "S-TRACE-1", "stock");
    }

    private static void AssertOneTrace(TraceCollector collector, string eventId, string topic)
    {
        var publish = Assert.Single(collector.Spans, s => s.DisplayName == $"publish {topic}");
        var process = Assert.Single(collector.Spans, s => s.DisplayName == $"process {topic}");
        Assert.Equal(collector.Root.SpanId, publish.ParentSpanId);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal(SqliteEventBus.MessagingSystem, process.GetTagItem("messaging.system"));
        Assert.Equal(eventId, publish.GetTagItem("messaging.message.id"));
        Assert.Equal(eventId, process.GetTagItem("messaging.message.id"));
        Assert.Equal(Subscriptions.ReadStore, process.GetTagItem("messaging.destination.subscription.name"));
    }
}
