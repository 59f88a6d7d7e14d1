using System.Globalization;
using Azure.Messaging.ServiceBus;
using Hub.Contracts;
using Hub.Core.Events;

namespace Hub.Azure.Messaging;

/// <summary>
/// The dead-letter queues of the hub's topic subscriptions (<c>{topic}/Subscriptions/{subscription}/$deadletterqueue</c>).
/// A dead letter's id is <c>{topic}:{subscription}:{sequenceNumber}</c>.
/// </summary>
/// <remarks>
/// A replay sends a copy of the message to the topic, so every subscription of the topic receives it again; consumers
/// are idempotent by event id, and the copy carries <see cref="ServiceBusMessageMapper.ReplayedForProperty"/> for a
/// subscription rule that wants to ignore replays meant for others. The copy gets a new <c>MessageId</c>: the original
/// one would be dropped by duplicate detection. The CloudEvent inside, and so its id, is unchanged.
/// </remarks>
public sealed class ServiceBusDeadLetters(ServiceBusClient client) : IDeadLetters
{
    private const int ReceiveBatch = 50;
    private static readonly TimeSpan ReceiveWait = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string? topic, string? subscription, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var results = new List<DeadLetter>();
        foreach (var (t, s) in Queues(topic, subscription))
        {
            await using var receiver = DeadLetterReceiver(t, s, ServiceBusReceiveMode.PeekLock);
            while (results.Count < limit)
            {
                var peeked = await receiver.PeekMessagesAsync(Math.Min(limit - results.Count, ReceiveBatch), cancellationToken: cancellationToken);
                if (peeked.Count == 0) break;
                results.AddRange(peeked.Select(m => ToDeadLetter(t, s, m)));
            }
            if (results.Count >= limit) break;
        }
        return results;
    }

    public async Task<bool> ReplayAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!TryParseId(id, out var topic, out var subscription, out var sequenceNumber)) return false;

        await using var receiver = DeadLetterReceiver(topic, subscription, ServiceBusReceiveMode.PeekLock);
        var passedOver = new List<ServiceBusReceivedMessage>();
        try
        {
            // Dead letters cannot be received by sequence number (that is only for deferred messages), so lock them in
            // order until the one wanted turns up, and release the others afterwards.
            while (true)
            {
                var received = await receiver.ReceiveMessagesAsync(ReceiveBatch, ReceiveWait, cancellationToken);
                if (received.Count == 0) return false;
                foreach (var message in received)
                {
                    if (message.SequenceNumber != sequenceNumber)
                    {
                        passedOver.Add(message);
                        continue;
                    }
                    await using var sender = client.CreateSender(topic);
                    await sender.SendMessageAsync(CloneForReplay(message, subscription), cancellationToken);
                    await receiver.CompleteMessageAsync(message, cancellationToken);
                    return true;
                }
            }
        }
        finally
        {
            foreach (var message in passedOver)
            {
                try
                {
                    await receiver.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
                }
                catch (ServiceBusException)
                {
                    // The lock expires by itself; the message stays in the dead-letter queue either way.
                }
            }
        }
    }

    public static string FormatId(string topic, string subscription, long sequenceNumber) =>
        $"{topic}:{subscription}:{sequenceNumber.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParseId(string id, out string topic, out string subscription, out long sequenceNumber)
    {
        topic = subscription = "";
        sequenceNumber = 0;
        var parts = (id ?? "").Split(':');
        if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out sequenceNumber)) return false;
        if (!Subscriptions.AllTopics.Contains(parts[0]) || !Subscriptions.Of(parts[0]).Contains(parts[1])) return false;
        (topic, subscription) = (parts[0], parts[1]);
        return true;
    }

    internal static ServiceBusMessage CloneForReplay(ServiceBusReceivedMessage message, string subscription)
    {
        // The sequence number first keeps the id unique when a long event id has to be cut to the 128 characters allowed.
        var replayId = $"replay-{message.SequenceNumber.ToString(CultureInfo.InvariantCulture)}-{message.MessageId}";
        var clone = new ServiceBusMessage(message) { MessageId = replayId.Length <= 128 ? replayId : replayId[..128] };
        clone.ApplicationProperties.Remove("DeadLetterReason");
        clone.ApplicationProperties.Remove("DeadLetterErrorDescription");
        clone.ApplicationProperties.Remove(ServiceBusMessageMapper.LastErrorProperty);
        clone.ApplicationProperties[ServiceBusMessageMapper.ReplayedForProperty] = subscription;
        return clone;
    }

    internal static DeadLetter ToDeadLetter(string topic, string subscription, ServiceBusReceivedMessage message)
    {
        var properties = message.ApplicationProperties;
        return new DeadLetter(
            FormatId(topic, subscription, message.SequenceNumber),
            topic,
            subscription,
            EventId: properties.TryGetValue(ServiceBusMessageMapper.IdProperty, out var id) && id is string eventId ? eventId : message.MessageId,
            EventType: properties.TryGetValue(ServiceBusMessageMapper.TypeProperty, out var type) && type is string eventType ? eventType : message.Subject ?? "",
            Subject: properties.TryGetValue(ServiceBusMessageMapper.SubjectProperty, out var subject) && subject is string s ? s : message.SessionId,
            Attempts: message.DeliveryCount,
            LastError: LastError(message),
            // Service Bus does not record when a message was dead-lettered; its enqueue time is the nearest it keeps.
            DeadLetteredAt: message.EnqueuedTime);
    }

    /// <summary>The broker's reason (MaxDeliveryCountExceeded, ...) with the handler's last error, when there was one.</summary>
    private static string? LastError(ServiceBusReceivedMessage message)
    {
        var error = message.ApplicationProperties.TryGetValue(ServiceBusMessageMapper.LastErrorProperty, out var value) && value is string text
            ? text
            : message.DeadLetterErrorDescription;
        var parts = new[] { message.DeadLetterReason, error }.Where(p => !string.IsNullOrEmpty(p)).ToArray();
        return parts.Length == 0 ? null : string.Join(": ", parts);
    }

    private ServiceBusReceiver DeadLetterReceiver(string topic, string subscription, ServiceBusReceiveMode mode) =>
        client.CreateReceiver(topic, subscription, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter, ReceiveMode = mode });

    private static IEnumerable<(string Topic, string Subscription)> Queues(string? topic, string? subscription)
    {
        var topics = topic is null ? Subscriptions.AllTopics : [topic];
        foreach (var t in topics)
        {
            var subscriptions = Subscriptions.Of(t);
            if (subscription is not null && !subscriptions.Contains(subscription))
            {
                if (topic is not null)
                    throw new ArgumentException($"Topic '{t}' has no subscription '{subscription}'.", nameof(subscription));
                continue;
            }
            foreach (var s in subscriptions)
                if (subscription is null || s == subscription)
                    yield return (t, s);
        }
    }
}
