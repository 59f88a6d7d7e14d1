namespace Hub.Core.Storage;

/// <summary>
/// JSON documents by container, partition key and id, with ETag concurrency and filtered, paged queries
/// (Cosmos DB in Azure, SQLite in Standalone).
/// </summary>
/// <remarks>
/// <para><b>Keys.</b> An id is any non-empty text of any length: <c>PO/2026/1</c>, <c>A#1</c>, <c>?</c>, <c>\</c>, <c>50%</c>,
/// 300 characters, Chinese. A partition key is any non-empty text of at most <see cref="ReadStoreKeys.MaxPartitionKeyLength"/>
/// characters. Both must be well-formed UTF-16 (no unpaired surrogate): stores keep keys as UTF-8, where two ids differing
/// only in such a surrogate would become one. Keys are compared ordinally (case and accents matter; no normalisation).
/// Anything else is refused with <see cref="ArgumentException"/>, before anything is written, by every adapter alike
/// (<see cref="ReadStoreKeys.Validate"/>).</para>
/// <para>Adapters encode keys their engine cannot hold as they are, and always hand back the caller's own: Cosmos DB ids
/// may not hold '/', '\', '?' or '#' nor exceed 255 characters, so the Cosmos adapter stores such ids in an encoded form
/// and keeps the original in the item (docs/design.md, "Read-store keys"). Point reads, deletes and
/// <see cref="DocumentQuery.Id"/> find a document by its original id in every adapter.</para>
/// <para><b>Order.</b> Queries return documents ordered by (partition key, stored id): the id itself for ids an adapter
/// keeps as they are, so the order of ordinary ids is the same in every store; ids that had to be encoded sort by their
/// encoded form. Paging is stable either way.</para>
/// <para><b>Versions</b> (<see cref="UpsertNewerAsync"/>) run from 0 to <see cref="ReadStoreKeys.MaxVersion"/> (2^53 - 1,
/// the integers Cosmos DB keeps exactly); others are refused with <see cref="ArgumentOutOfRangeException"/>, before anything
/// of the call is written. A stored version beyond that range was written before the rule and counts as older than any.</para>
/// <para><b>Size.</b> Cosmos DB refuses items over 2 MB (the document plus its keys); keep documents well under that.
/// SQLite has no practical limit, so this is a rule for callers, not checked by every adapter.</para>
/// </remarks>
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
    /// Idempotent: the same call twice writes nothing the second time. A version outside 0..2^53 - 1 throws
    /// <see cref="ArgumentOutOfRangeException"/> and nothing of the call is written.
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
