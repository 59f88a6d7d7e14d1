namespace Hub.Core.Idempotency;

/// <summary>Remembers what was already done for a key (a webhook delivery id, a file hash), and its result.</summary>
public interface IIdempotencyStore
{
    /// <summary>The value recorded for the key, or null when the key is new.</summary>
    Task<string?> FindAsync(string scope, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the key's value; <see cref="FindAsync"/> sees it as soon as this returns. Recording a key again keeps the
    /// first value. A store may make the record durable a moment later: callers record only what is safe to redo
    /// (a lost record means a redelivery is handled again, which the idempotent consumers absorb).
    /// </summary>
    Task RecordAsync(string scope, string key, string value, CancellationToken cancellationToken = default);
}
