using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hub.Contracts;
using Hub.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace Hub.Azure.ReadStore;

/// <summary>
/// <see cref="IReadStore"/> over Cosmos DB: one Cosmos container per logical container, partitioned on <c>/pk</c>.
/// </summary>
/// <remarks>
/// Each item is an envelope <c>{"id": itemId, "pk": partitionKey, "doc": callerJson}</c>, with <c>"version": n</c> when
/// <see cref="UpsertNewerAsync"/> wrote it (items without one count as older than any version), <c>"originalId": id</c> when the
/// item id is an encoded form of the caller's id (<see cref="CosmosItemIds"/>: ids Cosmos cannot hold as they are), and
/// <c>"ttl": seconds</c> in a container of <see cref="ExpiringContainers"/>: the caller's JSON is kept exactly
/// (its own <c>id</c> or <c>pk</c> properties, if any, never collide with the store's), and Cosmos' system properties
/// (<c>_etag</c>, <c>_ts</c>, ...) stay outside it. Query paths are therefore resolved under <c>doc</c>.
/// Cross-partition paging orders by (pk, id), which needs a composite index on <c>/pk</c>, <c>/id</c> ascending;
/// <see cref="ExpectedContainer"/> describes the container the adapter expects (the infrastructure creates it in Azure).
/// </remarks>
public sealed partial class CosmosReadStore : IReadStore
{
    public const string PartitionKeyPath = "/pk";
    public const int MaxPageSize = 1000;

    /// <summary>Point operations <see cref="UpsertNewerAsync"/> keeps in flight at once.</summary>
    public const int UpsertNewerParallelism = 16;

    /// <summary>Reads and conditional writes per document before <see cref="UpsertNewerAsync"/> gives up on one that keeps changing.</summary>
    public const int UpsertNewerAttempts = 5;

    private readonly Func<string, CancellationToken, Task<Container>> _createContainer;
    private readonly Func<CancellationToken, Task<bool>> _probe;
    private readonly ConcurrentDictionary<string, Lazy<Task<Container>>> _containers = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, int> _timeToLiveSeconds;

    /// <param name="database">The database holding one container per logical container name.</param>
    /// <param name="createContainersIfMissing">
    /// Create missing containers (with <see cref="ExpectedContainer"/>): for emulators and tests. In Azure the hub's identity
    /// has data-plane rights only, so the containers come from the infrastructure templates.
    /// </param>
    /// <param name="lifetimes">
    /// How long documents live in each expiring container; defaults to <see cref="ExpiringContainers.Lifetimes"/>. Only those
    /// containers may be named (theirs is the definition that turns time-to-live on).
    /// </param>
    public CosmosReadStore(Database database, bool createContainersIfMissing = false, IReadOnlyDictionary<string, TimeSpan>? lifetimes = null)
        : this(
            createContainersIfMissing
                ? async (name, ct) => (await database.CreateContainerIfNotExistsAsync(ExpectedContainer(name), cancellationToken: ct)).Container
                : (name, _) => Task.FromResult(database.GetContainer(name)),
            async ct =>
            {
                using var response = await database.ReadStreamAsync(cancellationToken: ct);
                return response.IsSuccessStatusCode;
            },
            lifetimes)
    {
    }

    /// <summary>For tests at the SDK boundary: containers come from <paramref name="containers"/>.</summary>
    internal CosmosReadStore(Func<string, CancellationToken, Task<Container>> containers, Func<CancellationToken, Task<bool>> probe,
        IReadOnlyDictionary<string, TimeSpan>? lifetimes = null)
    {
        _createContainer = containers;
        _probe = probe;
        _timeToLiveSeconds = TimeToLiveSeconds(lifetimes ?? ExpiringContainers.Lifetimes);
    }

    private static Dictionary<string, int> TimeToLiveSeconds(IReadOnlyDictionary<string, TimeSpan> lifetimes)
    {
        var seconds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (container, lifetime) in lifetimes)
        {
            if (!ExpiringContainers.Contains(container))
                throw new ArgumentException($"Container '{container}' is not one of the expiring containers ({string.Join(", ", ExpiringContainers.Lifetimes.Keys)}); " +
                    "its definition has no time-to-live, so a ttl on its documents would be ignored.", nameof(lifetimes));
            if (lifetime < TimeSpan.FromSeconds(1) || lifetime.TotalSeconds > int.MaxValue)
                throw new ArgumentOutOfRangeException(nameof(lifetimes), lifetime, $"The lifetime of container '{container}' must be from 1 second to {int.MaxValue} seconds.");
            seconds[container] = (int)Math.Ceiling(lifetime.TotalSeconds);
        }
        return seconds;
    }

    /// <summary>
    /// The container this store expects for a logical container name: partitioned on <c>/pk</c> with hash v2 (partition key
    /// values up to 2 KB), a composite index for the (pk, id) order, and time-to-live on, per item, for the
    /// <see cref="ExpiringContainers"/>.
    /// </summary>
    public static ContainerProperties ExpectedContainer(string name)
    {
        var properties = new ContainerProperties(name, PartitionKeyPath)
        {
            PartitionKeyDefinitionVersion = PartitionKeyDefinitionVersion.V2,
            // -1: on, but an item expires only when it carries its own ttl.
            DefaultTimeToLive = ExpiringContainers.Contains(name) ? -1 : null,
        };
        properties.IndexingPolicy.CompositeIndexes.Add(new Collection<CompositePath>
        {
            new() { Path = "/pk", Order = CompositePathSortOrder.Ascending },
            new() { Path = "/id", Order = CompositePathSortOrder.Ascending },
        });
        return properties;
    }

    public async Task<StoredDocument?> GetAsync(string container, string partitionKey, string id, CancellationToken cancellationToken = default)
    {
        ValidateKeys(partitionKey, id);
        var items = await ContainerAsync(container, cancellationToken);
        using var response = await items.ReadItemStreamAsync(CosmosItemIds.For(id), new PartitionKey(partitionKey), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        using var item = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
        return ToStored(container, item.RootElement, response.Headers.ETag);
    }

    public async Task<WriteOutcome> UpsertAsync(string container, string partitionKey, string id, string json, WriteCondition condition,
        CancellationToken cancellationToken = default)
    {
        ValidateKeys(partitionKey, id);
        ArgumentNullException.ThrowIfNull(json);
        var items = await ContainerAsync(container, cancellationToken);
        using var body = Envelope(partitionKey, id, json, TimeToLive(container));
        var key = new PartitionKey(partitionKey);

        using var response = condition switch
        {
            { IfNotExists: true } => await items.CreateItemStreamAsync(body, key, cancellationToken: cancellationToken),
            { IfMatchETag: { } etag } => await items.ReplaceItemStreamAsync(body, CosmosItemIds.For(id), key,
                new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken),
            _ => await items.UpsertItemStreamAsync(body, key, cancellationToken: cancellationToken),
        };
        // 409: it exists (IfNotExists); 412: it changed since it was read; 404: it was deleted since (IfMatch).
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed
            || (response.StatusCode == HttpStatusCode.NotFound && condition.IfMatchETag is not null))
            return WriteOutcome.ConditionFailed;
        response.EnsureSuccessStatusCode();
        return WriteOutcome.Written(response.Headers.ETag);
    }

    /// <summary>
    /// Per document: a point read, then, unless the stored version is as new, a replace over the ETag read (a create if
    /// there was none); a 412 or 409 means another writer got there between the two, so it reads and decides again.
    /// Up to <see cref="UpsertNewerParallelism"/> documents at once. Not atomic across documents: if the call fails, some
    /// may be written, and since the call is idempotent it can simply be made again. Versions outside 0..2^53 - 1 (the
    /// integers Cosmos DB keeps exactly) are refused before anything is written.
    /// </summary>
    public async Task<int> UpsertNewerAsync(string container, IReadOnlyList<VersionedDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var document in documents)
        {
            ArgumentNullException.ThrowIfNull(document, nameof(documents));
            ValidateKeys(document.PartitionKey, document.Id);
            ReadStoreKeys.ValidateVersion(document.Version, document.Id);
            ArgumentNullException.ThrowIfNull(document.Json, nameof(documents));
        }
        if (documents.Count == 0) return 0;
        var items = await ContainerAsync(container, cancellationToken);
        var timeToLive = TimeToLive(container);
        var written = 0;
        await Parallel.ForEachAsync(documents,
            new ParallelOptions { MaxDegreeOfParallelism = UpsertNewerParallelism, CancellationToken = cancellationToken },
            async (document, ct) =>
            {
                if (await WriteIfNewerAsync(items, document, timeToLive, ct)) Interlocked.Increment(ref written);
            });
        return written;
    }

    private static async Task<bool> WriteIfNewerAsync(Container items, VersionedDocument document, int? timeToLive, CancellationToken cancellationToken)
    {
        var key = new PartitionKey(document.PartitionKey);
        var itemId = CosmosItemIds.For(document.Id);
        for (var attempt = 1; ; attempt++)
        {
            string? etag = null;
            using (var read = await items.ReadItemStreamAsync(itemId, key, cancellationToken: cancellationToken))
            {
                if (read.StatusCode != HttpStatusCode.NotFound)
                {
                    read.EnsureSuccessStatusCode();
                    using var item = await JsonDocument.ParseAsync(read.Content, cancellationToken: cancellationToken);
                    if (StoredVersion(item.RootElement) >= document.Version) return false;
                    etag = read.Headers.ETag;
                }
            }

            using var body = Envelope(document.PartitionKey, document.Id, document.Json, timeToLive, document.Version);
            using var response = etag is null
                ? await items.CreateItemStreamAsync(body, key, cancellationToken: cancellationToken)
                : await items.ReplaceItemStreamAsync(body, itemId, key, new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken);
            // 409: created since it was read as missing; 412: changed since it was read; 404: deleted since. Decide again.
            if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed
                || (response.StatusCode == HttpStatusCode.NotFound && etag is not null))
            {
                if (attempt < UpsertNewerAttempts) continue;
                throw new InvalidOperationException(
                    $"Document {document.Id} in partition {document.PartitionKey} changed under each of {UpsertNewerAttempts} attempts to write " +
                    $"version {document.Version}; the call is idempotent and may be made again.");
            }
            response.EnsureSuccessStatusCode();
            return true;
        }
    }

    /// <summary>
    /// The envelope's version; none (written by <see cref="UpsertAsync"/>, or before versions existed) is older than any, and
    /// so is one beyond 2^53 - 1, written before versions were bounded (stock levels packed as-of &lt;&lt; 32).
    /// </summary>
    private static long? StoredVersion(JsonElement item) =>
        item.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.Number && version.TryGetInt64(out var value)
            && value is >= 0 and <= ReadStoreKeys.MaxVersion
            ? value
            : null;

    public async Task<bool> DeleteAsync(string container, string partitionKey, string id, CancellationToken cancellationToken = default)
    {
        ValidateKeys(partitionKey, id);
        var items = await ContainerAsync(container, cancellationToken);
        using var response = await items.DeleteItemStreamAsync(CosmosItemIds.For(id), new PartitionKey(partitionKey), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        response.EnsureSuccessStatusCode();
        return true;
    }

    public async Task<DocumentPage> QueryAsync(DocumentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > MaxPageSize)
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, $"PageSize must be between 1 and {MaxPageSize}.");
        var definition = ToQueryDefinition(query);
        var options = new QueryRequestOptions { MaxItemCount = query.PageSize };
        if (query.PartitionKey is not null) options.PartitionKey = new PartitionKey(query.PartitionKey);
        var continuation = string.IsNullOrEmpty(query.ContinuationToken) ? null : query.ContinuationToken;

        var items = await ContainerAsync(query.Container, cancellationToken);
        var results = new List<StoredDocument>();
        string? next;
        try
        {
            using var iterator = items.GetItemQueryStreamIterator(definition, continuation, options);
            do
            {
                using var response = await iterator.ReadNextAsync(cancellationToken);
                if (continuation is not null && response.StatusCode == HttpStatusCode.BadRequest)
                    throw new InvalidContinuationTokenException($"The continuation token was not accepted: {response.ErrorMessage}");
                response.EnsureSuccessStatusCode();
                using (var page = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken))
                {
                    foreach (var item in page.RootElement.GetProperty("Documents").EnumerateArray())
                        results.Add(ToStored(query.Container, item, etag: null));
                }
                next = string.IsNullOrEmpty(response.ContinuationToken) ? null : response.ContinuationToken;
            }
            // A cross-partition query may answer a page with no items and a continuation; read on rather than hand that out.
            while (results.Count == 0 && next is not null && iterator.HasMoreResults);
        }
        catch (CosmosException e) when (continuation is not null && e.StatusCode == HttpStatusCode.BadRequest)
        {
            throw new InvalidContinuationTokenException($"The continuation token was not accepted: {e.Message}");
        }
        return new DocumentPage(results, next);
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _probe(cancellationToken);
        }
        catch (Exception e) when (e is CosmosException or HttpRequestException or TimeoutException
                                   || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>The parameterised Cosmos SQL for a query (public for tests and diagnostics).</summary>
    public static QueryDefinition ToQueryDefinition(DocumentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("SELECT c.id, c.pk, c.originalId, c.doc, c._etag FROM c");
        var parameters = new List<(string Name, object Value)>();
        if (query.Id is not null)
        {
            // The item id, encoded as every write encodes it: still a point match on /id.
            sql.Append(" WHERE c.id = @id");
            parameters.Add(("@id", CosmosItemIds.For(query.Id)));
        }
        for (var i = 0; i < query.Filters.Count; i++)
        {
            var filter = query.Filters[i];
            var name = $"@p{i.ToString(CultureInfo.InvariantCulture)}";
            sql.Append(parameters.Count == 0 ? " WHERE " : " AND ")
                .Append(PathExpression(filter.Path))
                .Append(filter.Operator switch
                {
                    FilterOperator.Equal => " = ",
                    FilterOperator.GreaterOrEqual => " >= ",
                    FilterOperator.LessOrEqual => " <= ",
                    _ => throw new ArgumentOutOfRangeException(nameof(query), filter.Operator, "Unknown filter operator."),
                })
                .Append(name);
            parameters.Add((name, ParameterValue(filter)));
        }
        sql.Append(" ORDER BY c.pk, c.id");

        var definition = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in parameters) definition.WithParameter(name, value);
        return definition;
    }

    /// <summary><c>buyer.country</c> becomes <c>c.doc["buyer"]["country"]</c>: brackets, so that names that are Cosmos SQL keywords
    /// (<c>value</c>, <c>order</c>) still work; only identifiers get in, so nothing can be injected.</summary>
    private static string PathExpression(string path)
    {
        if (path is null || !DottedPath().IsMatch(path))
            throw new ArgumentException($"Filter path '{path}' is not a dotted path of identifiers (letters, digits, '_').", nameof(path));
        var expression = new StringBuilder("c.doc");
        foreach (var segment in path.Split('.')) expression.Append("[\"").Append(segment).Append("\"]");
        return expression.ToString();
    }

    private static object ParameterValue(DocumentFilter filter) => filter.Value switch
    {
        string or bool or long or decimal or int or double => filter.Value,
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        null => throw new ArgumentException($"Filter on '{filter.Path}' has no value.", nameof(filter)),
        _ => throw new ArgumentException($"Filter on '{filter.Path}' has a {filter.Value.GetType().Name}; use a string, number or bool.", nameof(filter)),
    };

    internal int? TimeToLive(string container) => _timeToLiveSeconds.TryGetValue(container, out var seconds) ? seconds : null;

    private static MemoryStream Envelope(string partitionKey, string id, string json, int? timeToLive, long? version = null)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Document {id} is not valid JSON: {e.Message}", nameof(json), e);
        }
        var itemId = CosmosItemIds.For(id);
        var envelope = new JsonObject { ["id"] = itemId, ["pk"] = partitionKey };
        if (!ReferenceEquals(itemId, id)) envelope["originalId"] = id;
        envelope["doc"] = document;
        if (version is { } v) envelope["version"] = v;
        if (timeToLive is { } ttl) envelope["ttl"] = ttl;
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, HubJson.WriterOptions)) envelope.WriteTo(writer);
        stream.Position = 0;
        return stream;
    }

    private static StoredDocument ToStored(string container, JsonElement item, string? etag) => new(
        container,
        item.GetProperty("pk").GetString()!,
        // The caller's id: kept beside the item id when that is an encoded form of it.
        (item.TryGetProperty("originalId", out var original) && original.ValueKind == JsonValueKind.String ? original : item.GetProperty("id")).GetString()!,
        item.TryGetProperty("doc", out var doc) ? doc.GetRawText() : "null",
        etag ?? item.GetProperty("_etag").GetString()!);

    // Only the port's rules: an id Cosmos cannot hold as it is gets an encoded item id (CosmosItemIds).
    private static void ValidateKeys(string partitionKey, string id) => ReadStoreKeys.Validate(partitionKey, id);

    private async Task<Container> ContainerAsync(string container, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(container);
        var lazy = _containers.GetOrAdd(container, name => new Lazy<Task<Container>>(() => _createContainer(name, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            _containers.TryRemove(new KeyValuePair<string, Lazy<Task<Container>>>(container, lazy));
            throw;
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex DottedPath();
}
