using System.Diagnostics;
using System.Text;
using CloudNative.CloudEvents;
using Hub.Core.Events;
using Hub.Core.Telemetry;
using Hub.Testing.Telemetry;

namespace Hub.Core.Tests.Telemetry;

[Collection(TelemetryListeners.Name)]
public sealed class when_an_event_carries_its_trace_context
{
    private static CloudEvent NewEvent(string id) =>
        HubCloudEvents.Create(id, "com.example.test", "/tests", "subject-1", DateTimeOffset.Parse("2026-11-20T02:15:00Z"), new { value = 1 });

    [Fact]
    public void publish_writes_the_publish_span_as_traceparent_and_decoding_gives_it_back_as_the_extension_attribute()
    {
        using var collector = new TraceCollector();
        var cloudEvent = NewEvent("evt-trace-1");

        string expected;
        using (var publish = HubTelemetry.StartPublish("hub.test", "orders", [cloudEvent]))
        {
            Assert.NotNull(publish);
            expected = publish.Id!;
        }
        var decoded = HubCloudEvents.Decode(HubCloudEvents.EncodeToArray(cloudEvent));

        Assert.Equal(expected, decoded[HubTelemetry.TraceParentAttribute]);
        Assert.Same(HubTelemetry.TraceParentAttribute, decoded.GetAttribute("traceparent"));
        Assert.Equal(collector.Root.TraceId.ToHexString(), expected.Split('-')[1]);
    }

    [Fact]
    public void the_consumer_span_is_a_child_of_the_publish_span_even_with_another_span_current()
    {
        using var collector = new TraceCollector();
        var cloudEvent = NewEvent("evt-trace-2");
        ActivitySpanId publishSpan;
        using (var publish = HubTelemetry.StartPublish("hub.test", "orders", [cloudEvent])) publishSpan = publish!.SpanId;
        var delivered = HubCloudEvents.Decode(HubCloudEvents.EncodeToArray(cloudEvent));

        using (var process = HubTelemetry.StartProcess("hub.test", "orders", "read-store", delivered))
        {
            Assert.NotNull(process);
            Assert.Equal(collector.Root.TraceId, process.TraceId);
            Assert.Equal(publishSpan, process.ParentSpanId);
            Assert.Equal(ActivityKind.Consumer, process.Kind);
            Assert.Equal("process orders", process.DisplayName);
            Assert.Equal("evt-trace-2", process.GetTagItem(HubTelemetry.MessagingMessageId));
            Assert.Equal("read-store", process.GetTagItem(HubTelemetry.MessagingSubscription));
        }
        var publishSeen = Assert.Single(collector.Spans, s => s.DisplayName == "publish orders");
        Assert.Equal(ActivityKind.Producer, publishSeen.Kind);
        Assert.Equal("orders", publishSeen.GetTagItem(HubTelemetry.MessagingDestination));
    }

    [Fact]
    public async Task a_handler_that_throws_leaves_a_failed_process_span_and_the_exception_goes_on()
    {
        using var collector = new TraceCollector();
        var cloudEvent = NewEvent("evt-trace-3");
        using (HubTelemetry.StartPublish("hub.test", "orders", [cloudEvent])) { }
        var handler = HubTelemetry.Traced("hub.test", "orders", "read-store", (_, _) => throw new TimeoutException("store slow"));

        await Assert.ThrowsAsync<TimeoutException>(() => handler(cloudEvent, TestContext.Current.CancellationToken));

        var process = Assert.Single(collector.Spans, s => s.DisplayName == "process orders");
        Assert.Equal(ActivityStatusCode.Error, process.Status);
        Assert.Equal("store slow", process.StatusDescription);
        Assert.Equal(typeof(TimeoutException).FullName, process.GetTagItem("error.type"));
    }

    [Fact]
    public void without_a_listener_or_a_recorded_span_nothing_is_written_into_the_event()
    {
        var cloudEvent = NewEvent("evt-trace-4");

        var publish = HubTelemetry.StartPublish("hub.test", "orders", [cloudEvent]);

        Assert.Null(publish);
        Assert.Null(cloudEvent[HubTelemetry.TraceParentAttribute]);
        Assert.DoesNotContain("traceparent", Encoding.UTF8.GetString(HubCloudEvents.EncodeToArray(cloudEvent)));
        Assert.Null(HubTelemetry.StartProcess("hub.test", "orders", "read-store", cloudEvent));
    }
}
