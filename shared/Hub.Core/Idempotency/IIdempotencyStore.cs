namespace Hub.Core.Idempotency;

/// <summary>Remembers what was already done for a key (a webhook delivery id, a file hash), and its result.</summary>
public interface IIdempotencyStore
{
    /// <summary>The value recorded for the key, or null when the key is new.</summary>
    Task<string?> FindAsync(string scope, string key, CancellationToken cancellationToken = default);

    /// <summary>Records the key's value durably. Recording a key again keeps the first value.</summary>
    Task RecordAsync(string scope, string key, string value, CancellationToken cancellationToken = default);
}
