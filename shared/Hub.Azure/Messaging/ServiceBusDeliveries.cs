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

    /// <summary>
    /// As <see cref="HandleAsync(ServiceBusReceivedMessage, string, string, EventHandlerDelegate, CancellationToken)"/>, except
    /// that an <see cref="UndeliverableEventException"/> from the handler dead-letters the message at once through
    /// <paramref name="deadLetter"/> (reason <see cref="UndeliverableEventException.DeadLetterReason"/>, description the
    /// exception's message, which the dead-letter list shows) and returns normally: the message is settled, so the host must
    /// neither complete nor abandon it. The function passes its bound <c>ServiceBusMessageActions.DeadLetterMessageAsync</c>.
    /// </summary>
    /// <param name="deadLetter">Moves the message to its dead-letter queue: (reason, description, cancellation).</param>
    public static async Task HandleAsync(ServiceBusReceivedMessage message, string topic, string subscription, EventHandlerDelegate handler,
        Func<string, string, CancellationToken, Task> deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        try
        {
            await HandleAsync(message, topic, subscription, handler, cancellationToken).ConfigureAwait(false);
        }
        catch (UndeliverableEventException e)
        {
            await deadLetter(UndeliverableEventException.DeadLetterReason, DeadLetterDescription(e.Message), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The longest dead-letter description Service Bus takes (the SDK refuses a longer one).</summary>
    public const int MaxDeadLetterDescriptionLength = 4096;

    internal static string DeadLetterDescription(string text) =>
        text.Length <= MaxDeadLetterDescriptionLength ? text : text[..MaxDeadLetterDescriptionLength];
}
