namespace Hub.Core.Storage;

/// <summary>
/// A query over one container. Filters are ANDed. Paths are dotted property paths into the document
/// (<c>buyer.country</c>). Results are ordered by (partition key, id), so paging is stable.
/// </summary>
public sealed record DocumentQuery(string Container)
{
    public string? PartitionKey { get; init; }

    /// <summary>Only documents with this id: in any partition, or in <see cref="PartitionKey"/> when that is set.
    /// Results stay ordered by (partition key, id).</summary>
    public string? Id { get; init; }

    public IReadOnlyList<DocumentFilter> Filters { get; init; } = [];
    public int PageSize { get; init; } = 50;
    public string? ContinuationToken { get; init; }
}

public enum FilterOperator { Equal, GreaterOrEqual, LessOrEqual }

/// <summary>One condition; <see cref="Value"/> is a string, a long, a decimal or a bool.</summary>
public sealed record DocumentFilter(string Path, FilterOperator Operator, object Value)
{
    public static DocumentFilter Eq(string path, object value) => new(path, FilterOperator.Equal, value);
    public static DocumentFilter AtLeast(string path, object value) => new(path, FilterOperator.GreaterOrEqual, value);
    public static DocumentFilter AtMost(string path, object value) => new(path, FilterOperator.LessOrEqual, value);
}

public sealed record DocumentPage(IReadOnlyList<StoredDocument> Items, string? ContinuationToken);

/// <summary>The continuation token the caller passed cannot be read (tampered, or from another query).</summary>
public sealed class InvalidContinuationTokenException(string message) : Exception(message);
