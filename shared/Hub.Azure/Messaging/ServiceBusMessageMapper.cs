using System.Security.Cryptography;
using System.Text;
using Azure.Messaging.ServiceBus;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Core.Events;
using Hub.Core.Telemetry;

namespace Hub.Azure.Messaging;

/// <summary>
/// CloudEvents on Service Bus: the body is the structured-mode JSON event; the envelope repeats what the broker
/// and operators need (duplicate detection on <c>MessageId</c>, sessions for per-aggregate order, the type as
/// <c>Subject</c>, and the AMQP binding's <c>cloudEvents:*</c> application properties for filters and tooling).
/// </summary>
public static class ServiceBusMessageMapper
{
    public const string IdProperty = "cloudEvents:id";
    public const string SourceProperty = "cloudEvents:source";
    public const string TypeProperty = "cloudEvents:type";
    public const string SubjectProperty = "cloudEvents:subject";
    public const string TimeProperty = "cloudEvents:time";
    public const string SpecVersionProperty = "cloudEvents:specversion";

    /// <summary>
    /// The trace context as the Service Bus SDK and the Functions host read it (the W3C <c>traceparent</c>); the body
    /// carries the same in the event's <c>traceparent</c> attribute.
    /// </summary>
    public const string DiagnosticIdProperty = "Diagnostic-Id";

    /// <summary>Service Bus as <c>messaging.system</c> on spans (the OpenTelemetry name).</summary>
    public const string MessagingSystem = "servicebus";

    /// <summary>Set on abandon with the handler's error, so a dead letter shows why it failed.</summary>
    public const string LastErrorProperty = "hub:lastError";

    /// <summary>Set on a message replayed from a dead-letter queue: the subscription it was replayed for.</summary>
    public const string ReplayedForProperty = "hub:replayedFor";

    /// <summary>Topics whose events are delivered in order per aggregate: the CloudEvent subject is the session.</summary>
    public static bool IsSessionful(string topic) => Topics.UsesSessions(topic);

    /// <summary>Service Bus's longest <c>MessageId</c> and <c>SessionId</c>.</summary>
    public const int MaxIdLength = 128;

    /// <summary>
    /// The value itself when Service Bus can hold it; otherwise <c>~h</c> and its SHA-256 in hex. An order's session is
    /// <c>{platformId}/{orderId}</c>, and each part may be 128 characters: the hash keeps one order on one session (and one
    /// event on one message id for duplicate detection) whatever their length, while the CloudEvent keeps the real values.
    /// </summary>
    public static string WithinServiceBusLimit(string value) =>
        value.Length <= MaxIdLength ? value : "~h" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public static ServiceBusMessage ToMessage(CloudEvent cloudEvent, string topic)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var id = cloudEvent.Id ?? throw new ArgumentException("The event has no id.", nameof(cloudEvent));
        var type = cloudEvent.Type ?? throw new ArgumentException($"Event {id} has no type.", nameof(cloudEvent));
        var source = cloudEvent.Source ?? throw new ArgumentException($"Event {id} has no source.", nameof(cloudEvent));

        var message = new ServiceBusMessage(new BinaryData(HubCloudEvents.Encode(cloudEvent)))
        {
            ContentType = HubCloudEvents.StructuredContentType,
            MessageId = WithinServiceBusLimit(id),
            Subject = type,
        };
        if (IsSessionful(topic))
        {
            message.SessionId = string.IsNullOrEmpty(cloudEvent.Subject)
                ? throw new ArgumentException($"Event {id} on topic '{topic}' needs a subject: it is the session that orders it.", nameof(cloudEvent))
                : WithinServiceBusLimit(cloudEvent.Subject);
        }

        var properties = message.ApplicationProperties;
        properties[IdProperty] = id;
        properties[SourceProperty] = source.ToString();
        properties[TypeProperty] = type;
        properties[SpecVersionProperty] = cloudEvent.SpecVersion.VersionId;
        if (cloudEvent.Subject is { } subject) properties[SubjectProperty] = subject;
        if (cloudEvent.Time is { } time) properties[TimeProperty] = cloudEvent.SpecVersion.TimeAttribute.Format(time);
        if (cloudEvent[HubTelemetry.TraceParentAttribute] is string traceParent) properties[DiagnosticIdProperty] = traceParent;
        return message;
    }

    /// <summary>The CloudEvent in a received message's body. Throws <see cref="FormatException"/> when it holds none.</summary>
    public static CloudEvent FromReceived(ServiceBusReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ContentType is { } contentType
            && !contentType.StartsWith(HubCloudEvents.StructuredContentType, StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"Message {message.MessageId} has content type '{contentType}', not a structured CloudEvent.");
        try
        {
            return HubCloudEvents.Decode(message.Body.ToMemory());
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new FormatException($"Message {message.MessageId} does not hold a valid CloudEvent: {e.Message}", e);
        }
    }
}
