using System.Diagnostics;
using CloudNative.CloudEvents;
using Hub.Core.Events;

namespace Hub.Core.Telemetry;

/// <summary>
/// The hub's traces: one <see cref="ActivitySource"/> named <see cref="Name"/>, with spans named and tagged after the
/// OpenTelemetry messaging conventions (<c>publish orders</c>, <c>process orders</c>). A trace goes from the request that
/// produced an event, through the bus, to its consumers: the publisher writes the W3C trace context into the event's
/// <c>traceparent</c>/<c>tracestate</c> attributes (the CloudEvents distributed tracing extension:
/// <see cref="TraceParentAttribute"/>), which travel in the
/// structured body on every bus, and the consumer's span takes it as its parent.
/// Without a listener (no exporter configured) every method here returns at its first check and allocates nothing.
/// </summary>
public static class HubTelemetry
{
    /// <summary>The name of the hub's <see cref="ActivitySource"/> and of its <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string Name = "Hub";

    public static ActivitySource Source { get; } = new(Name);

    /// <summary>
    /// The distributed tracing extension's <c>traceparent</c> (W3C trace context). CloudNative.CloudEvents 2.x no longer
    /// ships the extension, so the hub declares its two attributes as the extension specifies them.
    /// </summary>
    public static CloudEventAttribute TraceParentAttribute { get; } = CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);

    /// <summary>The distributed tracing extension's <c>tracestate</c>.</summary>
    public static CloudEventAttribute TraceStateAttribute { get; } = CloudEventAttribute.CreateExtension("tracestate", CloudEventAttributeType.String);

    /// <summary>The extension attributes the hub writes, for a decoder to read them back as what they are.</summary>
    public static IReadOnlyList<CloudEventAttribute> TraceContextAttributes { get; } = [TraceParentAttribute, TraceStateAttribute];

    public const string MessagingSystem = "messaging.system";
    public const string MessagingOperationType = "messaging.operation.type";
    public const string MessagingDestination = "messaging.destination.name";
    public const string MessagingSubscription = "messaging.destination.subscription.name";
    public const string MessagingMessageId = "messaging.message.id";
    public const string MessagingBatchCount = "messaging.batch.message_count";
    public const string CloudEventType = "cloudevents.event_type";

    /// <summary>
    /// Starts the <c>publish {topic}</c> span (null without a listener) and writes the trace context of this publish
    /// (the span, or the caller's recorded activity when the hub's source is not listened to) into each event.
    /// </summary>
    /// <param name="system">The bus, as <c>messaging.system</c>: <c>servicebus</c>, <c>hub.sqlite</c>.</param>
    public static Activity? StartPublish(string system, string topic, IReadOnlyList<CloudEvent> events)
    {
        var activity = Source.HasListeners() ? Source.StartActivity($"publish {topic}", ActivityKind.Producer) : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingSystem, system);
            activity.SetTag(MessagingOperationType, "send");
            activity.SetTag(MessagingDestination, topic);
            if (events.Count == 1)
            {
                activity.SetTag(MessagingMessageId, events[0].Id);
                activity.SetTag(CloudEventType, events[0].Type);
            }
            else activity.SetTag(MessagingBatchCount, events.Count);
        }
        // An activity that nobody records (ASP.NET Core makes one per request for its logs) is not worth carrying.
        if ((activity ?? Activity.Current) is { Recorded: true, IdFormat: ActivityIdFormat.W3C } context)
        {
            var traceParent = context.Id;
            var traceState = context.TraceStateString;
            foreach (var cloudEvent in events)
            {
                cloudEvent[TraceParentAttribute] = traceParent;
                cloudEvent[TraceStateAttribute] = traceState;
            }
        }
        return activity;
    }

    /// <summary>
    /// Starts the <c>process {topic}</c> span for one delivery (null without a listener), a child of the context the
    /// event carries (<paramref name="fallbackTraceParent"/>, e.g. Service Bus's <c>Diagnostic-Id</c>, when it carries
    /// none), and linked to the span the host was already in, if any.
    /// </summary>
    public static Activity? StartProcess(string system, string topic, string subscription, CloudEvent cloudEvent, string? fallbackTraceParent = null)
    {
        if (!Source.HasListeners()) return null;
        var traceParent = cloudEvent[TraceParentAttribute] as string ?? fallbackTraceParent;
        var traceState = cloudEvent[TraceStateAttribute] as string;
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        var links = Activity.Current is { } current && current.TraceId != parent.TraceId
            ? new[] { new ActivityLink(current.Context) }
            : null;
        var activity = Source.StartActivity($"process {topic}", ActivityKind.Consumer, parent, tags: null, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingSystem, system);
            activity.SetTag(MessagingOperationType, "process");
            activity.SetTag(MessagingDestination, topic);
            activity.SetTag(MessagingSubscription, subscription);
            activity.SetTag(MessagingMessageId, cloudEvent.Id);
            activity.SetTag(CloudEventType, cloudEvent.Type);
        }
        return activity;
    }

    /// <summary>Marks the span failed with the exception, as the OpenTelemetry conventions record one.</summary>
    public static void Fail(Activity? activity, Exception exception)
    {
        if (activity is null) return;
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag("error.type", exception.GetType().FullName);
        activity.AddException(exception);
    }

    /// <summary>
    /// The handler, with each delivery in a <c>process {topic}</c> span: what a bus adapter hands its dispatcher, so that
    /// every consumer is traced the same way in every host.
    /// </summary>
    public static EventHandlerDelegate Traced(string system, string topic, string subscription, EventHandlerDelegate handler) =>
        (cloudEvent, cancellationToken) => Source.HasListeners()
            ? ProcessAsync(system, topic, subscription, handler, cloudEvent, cancellationToken)
            : handler(cloudEvent, cancellationToken);

    private static async Task ProcessAsync(string system, string topic, string subscription, EventHandlerDelegate handler, CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        using var activity = StartProcess(system, topic, subscription, cloudEvent);
        try
        {
            await handler(cloudEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Fail(activity, e);
            throw;
        }
    }
}
