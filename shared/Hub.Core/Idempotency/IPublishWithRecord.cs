using CloudNative.CloudEvents;

namespace Hub.Core.Idempotency;

/// <summary>
/// Publishes the events an input produced together with the idempotency record that says the input was handled, so
/// that an acknowledged input is recognised when it comes again. A completed call means the events are durable
/// (as <see cref="Events.IEventBus.PublishAsync"/>) and <see cref="IIdempotencyStore.FindAsync"/> sees the record.
/// Adapters that can keep both in one transaction do (Standalone: one SQLite commit, so a crash never leaves the events
/// without their record); the others publish, then record (Azure: Service Bus duplicate detection on the CloudEvent id
/// absorbs the redelivery that a crash between the two lets through).
/// Throws <see cref="Events.EventBusUnavailableException"/> when the events could not be published; nothing is recorded then.
/// </summary>
public interface IPublishWithRecord
{
    Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, string scope, string key, string value, CancellationToken cancellationToken = default);
}

/// <summary>Publishes, then records: for a bus and a store that share no transaction.</summary>
public sealed class PublishThenRecord(Events.IEventBus bus, IIdempotencyStore store) : IPublishWithRecord
{
    public async Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, string scope, string key, string value, CancellationToken cancellationToken = default)
    {
        await bus.PublishAsync(topic, events, cancellationToken).ConfigureAwait(false);
        // Recorded after the publish: a crash between the two means a redelivery publishes the same event id again,
        // which every consumer ignores; recording first could lose an acknowledged input.
        await store.RecordAsync(scope, key, value, cancellationToken).ConfigureAwait(false);
    }
}
