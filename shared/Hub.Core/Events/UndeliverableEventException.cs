namespace Hub.Core.Events;

/// <summary>
/// Thrown by a handler when the event can never be handled as it is (a partner refused it with a 4xx, say): retrying would
/// only get the same answer. The bus dead-letters the message at once, without further attempts, and keeps
/// <see cref="Exception.Message"/> as the dead letter's error, so the message should say who refused what and why. Once the
/// cause is fixed, an operator replays the dead letter.
/// </summary>
public sealed class UndeliverableEventException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The dead-letter reason the Service Bus delivery path records with the message.</summary>
    public const string DeadLetterReason = "Undeliverable";
}
