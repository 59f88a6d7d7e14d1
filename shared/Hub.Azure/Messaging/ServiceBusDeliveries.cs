using Azure.Messaging.ServiceBus;
using Hub.Core.Events;
using Hub.Core.Telemetry;

namespace Hub.Azure.Messaging;

/// <summary>What a Functions app's Service Bus trigger does with the message it was handed.</summary>
public static class ServiceBusDeliveries
{
    /// <summary>
    /// Decodes the message's CloudEvent and hands it to <paramref name="handler"/> inside a <c>process {topic}</c> span whose
    /// parent is the trace context the event carries (the message's <c>Diagnostic-Id</c> when the body has none), as the
    /// embedded bus does for Standalone. Throws <see cref="FormatException"/> when the message holds no CloudEvent, and
    /// whatever the handler throws: the trigger then leaves the message to Service Bus's retries.
    /// </summary>
    public static async Task HandleAsync(ServiceBusReceivedMessage message, string topic, string subscription, EventHandlerDelegate handler,
        CancellationToken cancellationToken)
    {
        var cloudEvent = ServiceBusMessageMapper.FromReceived(message);
        var fallback = message.ApplicationProperties.TryGetValue(ServiceBusMessageMapper.DiagnosticIdProperty, out var id) ? id as string : null;
        using var activity = HubTelemetry.StartProcess(ServiceBusMessageMapper.MessagingSystem, topic, subscription, cloudEvent, fallback);
        try
        {
            await handler(cloudEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            HubTelemetry.Fail(activity, e);
            throw;
        }
    }
}
