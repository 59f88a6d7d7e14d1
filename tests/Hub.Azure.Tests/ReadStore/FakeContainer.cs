// The SDK is not nullable-annotated; its defaults stay as it declares them.
#nullable disable
using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;
using Microsoft.Azure.Cosmos.Scripts;

namespace Hub.Azure.Tests.ReadStore;

/// <summary>
/// A hand-written <see cref="Container"/>: records the stream calls the read store makes and answers them with the
/// responses a test queued. Everything else the SDK offers throws.
/// </summary>
internal sealed class FakeContainer : Container
{
    public List<Call> Calls { get; } = [];

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

    private Task<ResponseMessage> Record(string operation, string id, PartitionKey partitionKey, ItemRequestOptions options, Stream body)
    {
        Calls.Add(new Call(operation, id, partitionKey, options, body is null ? null : new StreamReader(body).ReadToEnd()));
        return Task.FromResult(Responses.Dequeue());
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
