// The SDK is not nullable-annotated; its defaults stay as it declares them.
#nullable disable
using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;
using Microsoft.Azure.Cosmos.Scripts;

namespace Hub.Azure.Tests.ReadStore;

/// <summary>
/// A hand-written <see cref="Container"/>: records the stream calls the read store makes and answers them with the
/// responses a test queued; once none are queued, a <see cref="Stateful"/> one answers point operations from
/// <see cref="Items"/> as Cosmos would (a new ETag on every write, If-Match and create conflicts enforced).
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
        return new Iterator(this);
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

    private ResponseMessage Apply(Call call)
    {
        // PartitionKey prints as its JSON array, ["p1"].
        var pk = System.Text.Json.JsonSerializer.Deserialize<string[]>(call.PartitionKey.ToString())[0];
        var id = call.Id ?? System.Text.Json.JsonDocument.Parse(call.Body).RootElement.GetProperty("id").GetString();
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

    private sealed class Iterator(FakeContainer container) : FeedIterator
    {
        public override bool HasMoreResults => container.Responses.Count > 0;

        public override Task<ResponseMessage> ReadNextAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(container.Responses.Dequeue());
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
