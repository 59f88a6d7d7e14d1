namespace Hub.Core.Storage;

/// <summary>
/// JSON documents by container, partition key and id, with ETag concurrency and filtered, paged queries
/// (Cosmos DB in Azure, SQLite in Standalone).
/// </summary>
public interface IReadStore
{
    Task<StoredDocument?> GetAsync(string container, string partitionKey, string id, CancellationToken cancellationToken = default);

    /// <summary>Writes the document if <paramref name="condition"/> holds; a failed condition is a result, not an exception.</summary>
    Task<WriteOutcome> UpsertAsync(string container, string partitionKey, string id, string json, WriteCondition condition, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string container, string partitionKey, string id, CancellationToken cancellationToken = default);

    Task<DocumentPage> QueryAsync(DocumentQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes each document unless the store already holds that (container, pk, id) with a version &gt;= its version
    /// (a document written by <see cref="UpsertAsync"/> has no version and counts as older than any). Returns how many were written.
    /// Idempotent: the same call twice writes nothing the second time.
    /// </summary>
    Task<int> UpsertNewerAsync(string container, IReadOnlyList<VersionedDocument> documents, CancellationToken cancellationToken = default);

    /// <summary>True when the store answers; for readiness probes.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken = default);
}

/// <summary>A document that replaces its stored copy only when it is newer.</summary>
public sealed record VersionedDocument(string PartitionKey, string Id, long Version, string Json);

public sealed record StoredDocument(string Container, string PartitionKey, string Id, string Json, string ETag);

public readonly record struct WriteOutcome(bool Succeeded, string? ETag)
{
    public static WriteOutcome Written(string etag) => new(true, etag);
    public static WriteOutcome ConditionFailed { get; } = new(false, null);
}

/// <summary>When an upsert may write: always, only over the version read (ETag), or only if nothing is there yet.</summary>
public readonly record struct WriteCondition(string? IfMatchETag, bool IfNotExists)
{
    public static WriteCondition Always { get; } = new(null, false);
    public static WriteCondition NotExists { get; } = new(null, true);
    public static WriteCondition IfMatch(string etag) => new(etag, false);
}
