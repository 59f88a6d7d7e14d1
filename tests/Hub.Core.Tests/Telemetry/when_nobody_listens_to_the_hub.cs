using System.Diagnostics.Metrics;
using CloudNative.CloudEvents;
using Hub.Core.Events;
using Hub.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Core.Tests.Telemetry;

/// <summary>The webhook path's share of telemetry when no exporter is configured: it must cost no allocation.</summary>
[Collection(TelemetryListeners.Name)]
public sealed class when_nobody_listens_to_the_hub
{
    [Fact]
    public void a_publish_span_and_the_webhook_counters_allocate_nothing()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new HubMetrics(services.GetRequiredService<IMeterFactory>(), []);
        CloudEvent[] events = [HubCloudEvents.Create("evt-quiet", "com.example.test", "/tests", "s", DateTimeOffset.UnixEpoch, new { value = 1 })];
        WhatAWebhookDoes(metrics, events);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) WhatAWebhookDoes(metrics, events);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Null(events[0][HubTelemetry.TraceParentAttribute]);
    }

    private static void WhatAWebhookDoes(HubMetrics metrics, IReadOnlyList<CloudEvent> events)
    {
        using (HubTelemetry.StartPublish("hub.test", "orders", events)) { }
        metrics.WebhookAccepted("platform-1");
        metrics.WebhookDuplicate("platform-1");
        metrics.WebhookRejected("platform-1", "signature");
    }
}
