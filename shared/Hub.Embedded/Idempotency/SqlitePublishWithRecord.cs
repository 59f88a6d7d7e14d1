using CloudNative.CloudEvents;
using Hub.Core.Idempotency;
using Hub.Embedded.Messaging;

namespace Hub.Embedded.Idempotency;

/// <summary>
/// Standalone's <see cref="IPublishWithRecord"/>: the events and the record go into one writer job, so the same group
/// commit makes both durable. A SIGKILL can leave neither or both, never an acknowledged delivery without its record
/// (which a redelivery would then take for new). Costs nothing over a bare publish: no round trip, no second queued write.
/// </summary>
public sealed class SqlitePublishWithRecord(SqliteEventBus bus, SqliteIdempotencyStore store) : IPublishWithRecord
{
    public async Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, string scope, string key, string value, CancellationToken cancellationToken = default)
    {
        var at = store.Now();
        long seq = 0;
        // The row of the last run: the writer may run the job again after a rollback of its batch.
        await bus.PublishAsync(topic, events, ctx => seq = store.Insert(ctx, scope, key, value, at), cancellationToken).ConfigureAwait(false);
        store.Remember(scope, key, seq, at);
    }
}
