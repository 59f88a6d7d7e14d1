using System.Net;
using Hub.Azure.ReadStore;
using Hub.Contracts;
using Hub.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace Hub.Azure.Tests.ReadStore;

public sealed class when_cosmos_documents_are_queried_by_id
{
    private const string Container = ReadStoreContainers.StockLevels;

    private readonly FakeContainer _container = new();
    private readonly CosmosReadStore _store;

    public when_cosmos_documents_are_queried_by_id() =>
        _store = new CosmosReadStore((_, _) => Task.FromResult<Container>(_container), _ => Task.FromResult(true));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void the_id_becomes_a_parameterised_condition_on_c_id_before_the_filters()
    {
        var query = new DocumentQuery(Container) { Id = "sku-1", Filters = [DocumentFilter.AtLeast("qty", 3L)] };

        var definition = CosmosReadStore.ToQueryDefinition(query);

        Assert.Equal("""SELECT c.id, c.pk, c.originalId, c.doc, c._etag FROM c WHERE c.id = @id AND c.doc["qty"] >= @p0 ORDER BY c.pk, c.id""", definition.QueryText);
        Assert.Equal([("@id", (object)"sku-1"), ("@p0", 3L)], definition.GetQueryParameters());
    }

    [Fact]
    public void an_id_alone_is_the_only_condition()
    {
        var definition = CosmosReadStore.ToQueryDefinition(new DocumentQuery(Container) { Id = "sku-1" });

        Assert.Equal("SELECT c.id, c.pk, c.originalId, c.doc, c._etag FROM c WHERE c.id = @id ORDER BY c.pk, c.id", definition.QueryText);
    }

    [Fact]
    public async Task an_id_query_without_a_partition_key_runs_across_partitions_and_returns_each_copy()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.OK,
            """{"Documents":[{"id":"sku-1","pk":"wh-1","doc":{"qty":1},"version":4,"_etag":"\"e1\""},{"id":"sku-1","pk":"wh-2","doc":{"qty":2},"_etag":"\"e2\""}]}""",
            continuation: "next"));

        var page = await _store.QueryAsync(new DocumentQuery(Container) { Id = "sku-1", PageSize = 2 }, Ct);

        var (definition, _, options) = Assert.Single(_container.Queries);
        Assert.Contains("c.id = @id", definition.QueryText);
        Assert.Null(options.PartitionKey);
        Assert.Equal(
            [new StoredDocument(Container, "wh-1", "sku-1", """{"qty":1}""", "\"e1\""), new StoredDocument(Container, "wh-2", "sku-1", """{"qty":2}""", "\"e2\"")],
            page.Items);
        Assert.Equal("next", page.ContinuationToken);
    }

    [Fact]
    public async Task an_id_query_with_a_partition_key_runs_in_that_partition()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.OK, """{"Documents":[]}"""));

        await _store.QueryAsync(new DocumentQuery(Container) { Id = "sku-1", PartitionKey = "wh-2" }, Ct);

        Assert.Equal(new PartitionKey("wh-2"), _container.Queries.Single().Options.PartitionKey);
    }
}
