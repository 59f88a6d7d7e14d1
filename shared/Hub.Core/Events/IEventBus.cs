using CloudNative.CloudEvents;

namespace Hub.Core.Events;

/// <summary>Handles one delivered event. Throwing means "not handled": the bus retries, then dead-letters.</summary>
public delegate Task EventHandlerDelegate(CloudEvent cloudEvent, CancellationToken cancellationToken);

/// <summary>
/// Topics and subscriptions with at-least-once delivery (Service Bus in Azure, SQLite in Standalone).
/// A completed <see cref="PublishAsync"/> means the events are durable: they will be delivered to every
/// subscription of the topic even if the process dies the next instant.
/// </summary>
public interface IEventBus
{
    /// <summary>Publishes events to a topic. Either all of them are durably accepted or the call throws <see cref="EventBusUnavailableException"/>.</summary>
    Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes one event to be delivered no earlier than <paramref name="notBefore"/> (a time already past: at once): work
    /// deferred through the bus, such as a retry after a pause, durable like any publish. The event's id is its identity:
    /// while an event of that id waits on the topic, publishing it again adds nothing, so a handler that is redelivered and
    /// schedules the same follow-up schedules it once (Service Bus: a scheduled message, dropped again by the topic's
    /// duplicate detection on MessageId). Throws <see cref="EventBusUnavailableException"/> when nothing was published.
    /// </summary>
    Task PublishLaterAsync(string topic, CloudEvent cloudEvent, DateTimeOffset notBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// Delivers the subscription's events to <paramref name="handler"/> until the returned handle is disposed.
    /// Events with the same session (the CloudEvent subject, where the topic keeps order) arrive one at a time in
    /// publish order; different sessions are handled in parallel.
    /// </summary>
    IAsyncDisposable Subscribe(string topic, string subscription, EventHandlerDelegate handler);
}

/// <summary>The bus could not take the events; nothing was published. Callers answer 503 and let the sender retry.</summary>
public sealed class EventBusUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
