namespace Hub.Core.Events;

/// <summary>A message that exhausted its delivery attempts, kept with the last error.</summary>
public sealed record DeadLetter(
    string Id,
    string Topic,
    string Subscription,
    string EventId,
    string EventType,
    string? Subject,
    int Attempts,
    string? LastError,
    DateTimeOffset DeadLetteredAt);

/// <summary>Operator access to dead-lettered messages.</summary>
public interface IDeadLetters
{
    Task<IReadOnlyList<DeadLetter>> ListAsync(string? topic, string? subscription, int limit, CancellationToken cancellationToken = default);

    /// <summary>Puts the message back on its subscription with a fresh attempt count. False when no such dead letter exists.</summary>
    Task<bool> ReplayAsync(string id, CancellationToken cancellationToken = default);
}
