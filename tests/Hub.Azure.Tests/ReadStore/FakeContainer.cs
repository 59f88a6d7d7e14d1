// The SDK is not nullable-annotated; its defaults stay as it declares them.
#nullable disable
using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;
using Microsoft.Azure.Cosmos.Scripts;

namespace Hub.Azure.Tests.ReadStore;

/// <summary>
/// A hand-written <see cref="Container"/>: records the stream calls the read store makes and answers them with the
/// responses a test queued; once none are queued, a <see cref="Stateful"/> one answers point operations and queries from
/// <see cref="Items"/> as Cosmos would: a new ETag on every write, If-Match and create conflicts enforced, Cosmos's id rules
/// enforced (an id holding '/', '\', '?' or '#', or longer than 255 characters, is a 400, as are partition key values over
/// 2,048 UTF-8 bytes), and the read store's own query shape evaluated (<c>c.id = @id</c>, <c>c.doc["a"]["b"] op @pN</c>,
/// ordered by pk then id, paged by <see cref="QueryRequestOptions.MaxItemCount"/>).
/// Everything else the SDK offers throws. Safe for concurrent calls.
/// </summary>
internal sealed class FakeContainer : Container
{
    private readonly object _lock = new();
    private long _lastETag;
    private int _inFlight;

    public List<Call> Calls { get; } = [];

    /// <summary>Answer point operations from <see cref="Items"/> when no response is queued.</summary>
    public bool Stateful { get; init; }

    /// <summary>Stored items by (partition key, id): the item JSON as written and its ETag.</summary>
    public Dictionary<(string Pk, string Id), (string Json, string ETag)> Items { get; } = [];

    /// <summary>Runs before a stateful write is applied, under the container's lock: a test's concurrent writer.</summary>
    public Action<Call> BeforeWrite { get; set; }

    /// <summary>How long each stateful call takes, so that calls overlap.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>The most stateful calls that were in progress at once.</summary>
    public int MaxInFlight { get; private set; }

    /// <summary>Stores an item as another writer would, with a new ETag; returns the ETag.</summary>
    public string Put(string pk, string id, string json)
    {
        lock (_lock)
        {
            var etag = $"\"e{++_lastETag}\"";
            Items[(pk, id)] = (json, etag);
            return etag;
        }
    }

    public Queue<ResponseMessage> Responses { get; } = new();

    public List<(QueryDefinition Query, string ContinuationToken, QueryRequestOptions Options)> Queries { get; } = [];

    public sealed record Call(string Operation, string Id, PartitionKey PartitionKey, ItemRequestOptions Options, string Body);

    public static ResponseMessage Respond(HttpStatusCode status, string body = null, string etag = null, string continuation = null)
    {
        var response = new ResponseMessage(status, requestMessage: null, errorMessage: status >= HttpStatusCode.BadRequest ? status.ToString() : null);
        if (body is not null) response.Content = new MemoryStream(Encoding.UTF8.GetBytes(body));
        if (etag is not null) response.Headers.Set("etag", etag);
        if (continuation is not null) response.Headers.Set("x-ms-continuation", continuation);
        return response;
    }

    public override string Id => "fake";

    public override Task<ResponseMessage> ReadItemStreamAsync(string id, PartitionKey partitionKey, ItemRequestOptions requestOptions = null, CancellationToken cancellationToken = default) =>
        Record("read", id, partitionKey, requestOptions, null);

    public override Task<ResponseMessage> CreateItemStreamAsync(Stream streamPayload, PartitionKey partitionKey, ItemRequestOptions requestOptions = null, CancellationToken cancellationToken = default) =>
        Record("create", null, partitionKey, requestOptions, streamPayload);

    public override Task<ResponseMessage> UpsertItemStreamAsync(Stream streamPayload, PartitionKey partitionKey, ItemRequestOptions requestOptions = null, CancellationToken cancellationToken = default) =>
        Record("upsert", null, partitionKey, requestOptions, streamPayload);

    public override Task<ResponseMessage> ReplaceItemStreamAsync(Stream streamPayload, string id, PartitionKey partitionKey, ItemRequestOptions requestOptions = null, CancellationToken cancellationToken = default) =>
        Record("replace", id, partitionKey, requestOptions, streamPayload);

    public override Task<ResponseMessage> DeleteItemStreamAsync(string id, PartitionKey partitionKey, ItemRequestOptions requestOptions = null, CancellationToken cancellationToken = default) =>
        Record("delete", id, partitionKey, requestOptions, null);

    public override FeedIterator GetItemQueryStreamIterator(QueryDefinition queryDefinition, string continuationToken = null, QueryRequestOptions requestOptions = null)
    {
        Queries.Add((queryDefinition, continuationToken, requestOptions));
        return new Iterator(this, queryDefinition, continuationToken, requestOptions);
    }

    private async Task<ResponseMessage> Record(string operation, string id, PartitionKey partitionKey, ItemRequestOptions options, Stream body)
    {
        var call = new Call(operation, id, partitionKey, options, body is null ? null : new StreamReader(body).ReadToEnd());
        lock (_lock)
        {
            Calls.Add(call);
            if (Responses.Count > 0 || !Stateful) return Responses.Dequeue();
            MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
        }
        try
        {
            if (Latency > TimeSpan.Zero) await Task.Delay(Latency);
            else await Task.Yield();
            lock (_lock) return Apply(call);
        }
        finally
        {
            lock (_lock) _inFlight--;
        }
    }

    /// <summary>What Cosmos DB refuses in an item id: these characters (ids travel in resource URLs) and more than 255 characters.</summary>
    public static bool CosmosRefusesId(string id) => id.IndexOfAny(['/', '\\', '?', '#']) >= 0 || id.Length > 255;

    private ResponseMessage Apply(Call call)
    {
        var pk = PartitionKeyValue(call.PartitionKey);
        var id = call.Id ?? System.Text.Json.JsonDocument.Parse(call.Body).RootElement.GetProperty("id").GetString();
        if (CosmosRefusesId(id) || Encoding.UTF8.GetByteCount(pk) > 2048) return Respond(HttpStatusCode.BadRequest);
        var exists = Items.TryGetValue((pk, id), out var stored);
        if (call.Operation == "read")
            return exists ? Respond(HttpStatusCode.OK, stored.Json, stored.ETag) : Respond(HttpStatusCode.NotFound);
        if (call.Operation == "delete")
        {
            if (!exists) return Respond(HttpStatusCode.NotFound);
            Items.Remove((pk, id));
            return Respond(HttpStatusCode.NoContent);
        }
        BeforeWrite?.Invoke(call);
        exists = Items.TryGetValue((pk, id), out stored);
        switch (call.Operation)
        {
            case "create" when exists:
                return Respond(HttpStatusCode.Conflict);
            case "replace" when !exists:
                return Respond(HttpStatusCode.NotFound);
            case "replace" when call.Options?.IfMatchEtag is { } expected && expected != stored.ETag:
                return Respond(HttpStatusCode.PreconditionFailed);
        }
        var etag = Put(pk, id, call.Body);
        return Respond(call.Operation == "create" ? HttpStatusCode.Created : HttpStatusCode.OK, call.Body, etag);
    }

    // PartitionKey prints as its JSON array, ["p1"].
    private static string PartitionKeyValue(PartitionKey key) => System.Text.Json.JsonSerializer.Deserialize<string[]>(key.ToString())[0];

    private sealed class Iterator(FakeContainer container, QueryDefinition query, string continuation, QueryRequestOptions options) : FeedIterator
    {
        private bool _done;

        public override bool HasMoreResults => container.Responses.Count > 0 || (container.Stateful && !_done);

        public override Task<ResponseMessage> ReadNextAsync(CancellationToken cancellationToken = default)
        {
            lock (container._lock)
            {
                if (container.Responses.Count > 0 || !container.Stateful) return Task.FromResult(container.Responses.Dequeue());
                var page = container.Evaluate(query, continuation, options);
                continuation = page.Headers.ContinuationToken;
                _done = continuation is null;
                return Task.FromResult(page);
            }
        }
    }

    private static readonly System.Text.RegularExpressions.Regex s_condition = new(
        """^(?:c\.id|c\.doc((?:\["[A-Za-z0-9_]+"\])+)) (=|>=|<=) (@[a-z0-9]+)$""");

    /// <summary>One page of the read store's query over <see cref="Items"/>: the SQL it generates, interpreted.</summary>
    private ResponseMessage Evaluate(QueryDefinition query, string continuation, QueryRequestOptions options)
    {
        var text = query.QueryText;
        const string select = "SELECT c.id, c.pk, c.originalId, c.doc, c._etag FROM c";
        const string orderBy = " ORDER BY c.pk, c.id";
        if (!text.StartsWith(select, StringComparison.Ordinal) || !text.EndsWith(orderBy, StringComparison.Ordinal))
            throw new NotSupportedException($"The fake does not evaluate '{text}'.");
        var where = text[select.Length..^orderBy.Length];
        var parameters = query.GetQueryParameters().ToDictionary(p => p.Name, p => p.Value);
        var conditions = new List<Func<System.Text.Json.JsonElement, bool>>();
        if (where.Length > 0)
        {
            if (!where.StartsWith(" WHERE ", StringComparison.Ordinal)) throw new NotSupportedException($"The fake does not evaluate '{text}'.");
            foreach (var condition in where[" WHERE ".Length..].Split(" AND "))
            {
                var match = s_condition.Match(condition);
                if (!match.Success) throw new NotSupportedException($"The fake does not evaluate the condition '{condition}'.");
                var path = match.Groups[1].Success
                    ? ["doc", .. System.Text.RegularExpressions.Regex.Matches(match.Groups[1].Value, "\"([A-Za-z0-9_]+)\"").Select(m => m.Groups[1].Value)]
                    : new[] { "id" };
                var op = match.Groups[2].Value;
                var value = parameters[match.Groups[3].Value];
                conditions.Add(item => Holds(item, path, op, value));
            }
        }

        var partition = options?.PartitionKey is { } key ? PartitionKeyValue(key) : null;
        (string Pk, string Id)? after = continuation is null ? null : System.Text.Json.JsonSerializer.Deserialize<string[]>(continuation) is [var p, var i] ? (p, i) : null;
        var matching = Items
            .Where(kv => partition is null || kv.Key.Pk == partition)
            .Where(kv => after is not { } a || string.CompareOrdinal(kv.Key.Pk, a.Pk) > 0 || (kv.Key.Pk == a.Pk && string.CompareOrdinal(kv.Key.Id, a.Id) > 0))
            .OrderBy(kv => kv.Key.Pk, StringComparer.Ordinal).ThenBy(kv => kv.Key.Id, StringComparer.Ordinal)
            .Select(kv => (kv.Key, Item: System.Text.Json.Nodes.JsonNode.Parse(kv.Value.Json)!.AsObject(), kv.Value.ETag))
            .Where(x => conditions.All(c => Holds(c, x.Item)))
            .ToList();
        var pageSize = options?.MaxItemCount is int size and > 0 ? size : 100;
        var page = matching.Take(pageSize).ToList();
        var documents = new System.Text.Json.Nodes.JsonArray();
        foreach (var (_, item, etag) in page)
        {
            item["_etag"] = etag;
            documents.Add(item);
        }
        var next = matching.Count > pageSize ? System.Text.Json.JsonSerializer.Serialize(new[] { page[^1].Key.Pk, page[^1].Key.Id }) : null;
        return Respond(HttpStatusCode.OK, new System.Text.Json.Nodes.JsonObject { ["Documents"] = documents }.ToJsonString(), continuation: next);
    }

    private static bool Holds(Func<System.Text.Json.JsonElement, bool> condition, System.Text.Json.Nodes.JsonObject item)
    {
        using var document = System.Text.Json.JsonDocument.Parse(item.ToJsonString());
        return condition(document.RootElement);
    }

    /// <summary>Cosmos compares values of one type only; anything else (a missing property, another type) matches nothing.</summary>
    private static bool Holds(System.Text.Json.JsonElement item, IEnumerable<string> path, string op, object value)
    {
        var current = item;
        foreach (var segment in path)
            if (current.ValueKind != System.Text.Json.JsonValueKind.Object || !current.TryGetProperty(segment, out current)) return false;
        int? compared = (current.ValueKind, value) switch
        {
            (System.Text.Json.JsonValueKind.String, string s) => string.CompareOrdinal(current.GetString(), s),
            (System.Text.Json.JsonValueKind.Number, long or int or double or decimal) => current.GetDouble().CompareTo(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
            (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False, bool b) => current.GetBoolean().CompareTo(b),
            _ => null,
        };
        return compared is { } c && op switch { "=" => c == 0, ">=" => c >= 0, "<=" => c <= 0, _ => false };
    }

    public override Database Database => throw new NotSupportedException();
    public override Conflicts Conflicts => throw new NotSupportedException();
    public override Scripts Scripts => throw new NotSupportedException();
    public override Task<ContainerResponse> ReadContainerAsync(ContainerRequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ResponseMessage> ReadContainerStreamAsync(ContainerRequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ContainerResponse> ReplaceContainerAsync(ContainerProperties containerProperties, ContainerRequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ResponseMessage> ReplaceContainerStreamAsync(ContainerProperties containerProperties, ContainerRequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ContainerResponse> DeleteContainerAsync(ContainerRequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ResponseMessage> DeleteContainerStreamAsync(ContainerRequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<int?> ReadThroughputAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ThroughputResponse> ReadThroughputAsync(RequestOptions requestOptions, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ThroughputResponse> ReplaceThroughputAsync(int throughput, RequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ThroughputResponse> ReplaceThroughputAsync(ThroughputProperties throughputProperties, RequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ItemResponse<T>> CreateItemAsync<T>(T item, PartitionKey? partitionKey = default, ItemRequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ItemResponse<T>> ReadItemAsync<T>(string id, PartitionKey partitionKey, ItemRequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ItemResponse<T>> UpsertItemAsync<T>(T item, PartitionKey? partitionKey = default, ItemRequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ItemResponse<T>> ReplaceItemAsync<T>(T item, string id, PartitionKey? partitionKey = default, ItemRequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ResponseMessage> ReadManyItemsStreamAsync(IReadOnlyList<ValueTuple<string, PartitionKey>> items, ReadManyRequestOptions readManyRequestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<FeedResponse<T>> ReadManyItemsAsync<T>(IReadOnlyList<ValueTuple<string, PartitionKey>> items, ReadManyRequestOptions readManyRequestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ItemResponse<T>> PatchItemAsync<T>(string id, PartitionKey partitionKey, IReadOnlyList<PatchOperation> patchOperations, PatchItemRequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ResponseMessage> PatchItemStreamAsync(string id, PartitionKey partitionKey, IReadOnlyList<PatchOperation> patchOperations, PatchItemRequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override Task<ItemResponse<T>> DeleteItemAsync<T>(string id, PartitionKey partitionKey, ItemRequestOptions requestOptions = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override FeedIterator<T> GetItemQueryIterator<T>(QueryDefinition queryDefinition, string continuationToken = default, QueryRequestOptions requestOptions = default) => throw new NotSupportedException();
    public override FeedIterator GetItemQueryStreamIterator(string queryText = default, string continuationToken = default, QueryRequestOptions requestOptions = default) => throw new NotSupportedException();
    public override FeedIterator<T> GetItemQueryIterator<T>(string queryText = default, string continuationToken = default, QueryRequestOptions requestOptions = default) => throw new NotSupportedException();
    public override FeedIterator GetItemQueryStreamIterator(FeedRange feedRange, QueryDefinition queryDefinition, string continuationToken, QueryRequestOptions requestOptions = default) => throw new NotSupportedException();
    public override FeedIterator<T> GetItemQueryIterator<T>(FeedRange feedRange, QueryDefinition queryDefinition, string continuationToken = default, QueryRequestOptions requestOptions = default) => throw new NotSupportedException();
    public override IOrderedQueryable<T> GetItemLinqQueryable<T>(bool allowSynchronousQueryExecution = default, string continuationToken = default, QueryRequestOptions requestOptions = default, CosmosLinqSerializerOptions linqSerializerOptions = default) => throw new NotSupportedException();
    public override ChangeFeedProcessorBuilder GetChangeFeedProcessorBuilder<T>(string processorName, Container.ChangesHandler<T> onChangesDelegate) => throw new NotSupportedException();
    public override ChangeFeedProcessorBuilder GetChangeFeedEstimatorBuilder(string processorName, Container.ChangesEstimationHandler estimationDelegate, TimeSpan? estimationPeriod = default) => throw new NotSupportedException();
    public override ChangeFeedEstimator GetChangeFeedEstimator(string processorName, Container leaseContainer) => throw new NotSupportedException();
    public override TransactionalBatch CreateTransactionalBatch(PartitionKey partitionKey) => throw new NotSupportedException();
    public override Task<IReadOnlyList<FeedRange>> GetFeedRangesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public override FeedIterator GetChangeFeedStreamIterator(ChangeFeedStartFrom changeFeedStartFrom, ChangeFeedMode changeFeedMode, ChangeFeedRequestOptions changeFeedRequestOptions = default) => throw new NotSupportedException();
    public override FeedIterator<T> GetChangeFeedIterator<T>(ChangeFeedStartFrom changeFeedStartFrom, ChangeFeedMode changeFeedMode, ChangeFeedRequestOptions changeFeedRequestOptions = default) => throw new NotSupportedException();
    public override ChangeFeedProcessorBuilder GetChangeFeedProcessorBuilder<T>(string processorName, Container.ChangeFeedHandler<T> onChangesDelegate) => throw new NotSupportedException();
    public override ChangeFeedProcessorBuilder GetChangeFeedProcessorBuilderWithManualCheckpoint<T>(string processorName, Container.ChangeFeedHandlerWithManualCheckpoint<T> onChangesDelegate) => throw new NotSupportedException();
    public override ChangeFeedProcessorBuilder GetChangeFeedProcessorBuilder(string processorName, Container.ChangeFeedStreamHandler onChangesDelegate) => throw new NotSupportedException();
    public override ChangeFeedProcessorBuilder GetChangeFeedProcessorBuilderWithManualCheckpoint(string processorName, Container.ChangeFeedStreamHandlerWithManualCheckpoint onChangesDelegate) => throw new NotSupportedException();
}
