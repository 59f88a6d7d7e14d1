using System.Net;
using System.Text.Json;
using Hub.Azure.ReadStore;
using Hub.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace Hub.Azure.Tests.ReadStore;

public sealed class CosmosReadStoreTests
{
    private readonly FakeContainer _container = new();
    private readonly List<string> _containersAsked = [];
    private readonly CosmosReadStore _store;

    public CosmosReadStoreTests()
    {
        _store = new CosmosReadStore(
            (name, _) =>
            {
                _containersAsked.Add(name);
                return Task.FromResult<Container>(_container);
            },
            _ => Task.FromResult(true));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task an_upsert_over_a_read_version_sends_its_etag_as_if_match()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.OK, etag: "\"v2\""));

        var outcome = await _store.UpsertAsync("orders", "p1", "o1", """{"status":"shipped"}""", WriteCondition.IfMatch("\"v1\""), Ct);

        var call = Assert.Single(_container.Calls);
        Assert.Equal("replace", call.Operation);
        Assert.Equal("o1", call.Id);
        Assert.Equal(new PartitionKey("p1"), call.PartitionKey);
        Assert.Equal("\"v1\"", call.Options.IfMatchEtag);
        Assert.Equal(WriteOutcome.Written("\"v2\""), outcome);
    }

    [Fact]
    public async Task a_document_goes_to_cosmos_with_its_text_as_utf8()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.Created, etag: "\"v1\""));

        await _store.UpsertAsync("orders", "p1", "o1", """{"description":"离心水泵 0.75千瓦","note":"say \"hi\""}""", WriteCondition.NotExists, Ct);

        var body = Assert.Single(_container.Calls).Body;
        Assert.Contains("\"description\":\"离心水泵 0.75千瓦\"", body);
        Assert.Contains("\"note\":\"say \\\"hi\\\"\"", body);
        Assert.DoesNotContain("\\u", body);
    }

    [Fact]
    public async Task a_changed_etag_412_is_a_failed_condition_not_an_exception()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.PreconditionFailed));

        var outcome = await _store.UpsertAsync("orders", "p1", "o1", "{}", WriteCondition.IfMatch("\"stale\""), Ct);

        Assert.Equal(WriteOutcome.ConditionFailed, outcome);
    }

    [Fact]
    public async Task a_document_deleted_since_it_was_read_is_a_failed_condition()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.NotFound));

        var outcome = await _store.UpsertAsync("orders", "p1", "o1", "{}", WriteCondition.IfMatch("\"v1\""), Ct);

        Assert.Equal(WriteOutcome.ConditionFailed, outcome);
    }

    [Fact]
    public async Task if_not_exists_creates_and_an_existing_document_409_is_a_failed_condition()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.Created, etag: "\"v1\""));
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.Conflict));

        var first = await _store.UpsertAsync("orders", "p1", "o1", "{}", WriteCondition.NotExists, Ct);
        var second = await _store.UpsertAsync("orders", "p1", "o1", "{}", WriteCondition.NotExists, Ct);

        Assert.Equal(WriteOutcome.Written("\"v1\""), first);
        Assert.Equal(WriteOutcome.ConditionFailed, second);
        Assert.All(_container.Calls, c => Assert.Equal("create", c.Operation));
        Assert.All(_container.Calls, c => Assert.Null(c.Options?.IfMatchEtag));
    }

    [Fact]
    public async Task an_unconditional_write_upserts_the_callers_json_inside_an_envelope_with_id_and_pk()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.OK, etag: "\"v1\""));

        await _store.UpsertAsync("exhibitors", "expo-1", "exh-1", """{"id":"exh-1","company":"Ningbo Tools","pk":"theirs"}""", WriteCondition.Always, Ct);

        var call = Assert.Single(_container.Calls);
        Assert.Equal("upsert", call.Operation);
        Assert.Null(call.Options?.IfMatchEtag);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal("exh-1", body.RootElement.GetProperty("id").GetString());
        Assert.Equal("expo-1", body.RootElement.GetProperty("pk").GetString());
        Assert.Equal("theirs", body.RootElement.GetProperty("doc").GetProperty("pk").GetString());
        Assert.Equal("Ningbo Tools", body.RootElement.GetProperty("doc").GetProperty("company").GetString());
    }

    [Fact]
    public async Task a_missing_document_404_reads_as_null()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.NotFound));

        Assert.Null(await _store.GetAsync("orders", "p1", "nope", Ct));
    }

    [Fact]
    public async Task a_read_returns_the_callers_json_and_the_etag()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.OK,
            """{"id":"o1","pk":"p1","doc":{"status":"shipped","id":"own"},"_etag":"\"body\"","_ts":1}""", etag: "\"v7\""));

        var document = await _store.GetAsync("orders", "p1", "o1", Ct);

        Assert.NotNull(document);
        Assert.Equal(new StoredDocument("orders", "p1", "o1", """{"status":"shipped","id":"own"}""", "\"v7\""), document);
        Assert.Equal("read", _container.Calls.Single().Operation);
        Assert.Equal(["orders"], _containersAsked);
    }

    [Fact]
    public async Task delete_reports_whether_there_was_a_document()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.NoContent));
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.NotFound));

        Assert.True(await _store.DeleteAsync("orders", "p1", "o1", Ct));
        Assert.False(await _store.DeleteAsync("orders", "p1", "o1", Ct));
    }

    [Fact]
    public async Task other_failures_are_thrown()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.ServiceUnavailable));

        var e = await Assert.ThrowsAsync<CosmosException>(() => _store.UpsertAsync("orders", "p1", "o1", "{}", WriteCondition.Always, Ct));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
    }

    [Fact]
    public void a_query_with_three_filters_becomes_parameterised_sql_ordered_by_partition_and_id()
    {
        var query = new DocumentQuery("orders")
        {
            Filters =
            [
                DocumentFilter.Eq("buyer.country", "DE"),
                DocumentFilter.AtLeast("occurredAt", "2025-01-01T00:00:00Z"),
                DocumentFilter.AtMost("totals.amount", 1000.5m),
            ],
        };

        var definition = CosmosReadStore.ToQueryDefinition(query);

        Assert.Equal(
            """SELECT c.id, c.pk, c.originalId, c.doc, c._etag FROM c WHERE c.doc["buyer"]["country"] = @p0 AND c.doc["occurredAt"] >= @p1 AND c.doc["totals"]["amount"] <= @p2 ORDER BY c.pk, c.id""",
            definition.QueryText);
        Assert.Equal(
            [("@p0", (object)"DE"), ("@p1", "2025-01-01T00:00:00Z"), ("@p2", 1000.5m)],
            definition.GetQueryParameters());
    }

    [Fact]
    public void a_query_without_filters_still_orders_by_partition_and_id()
    {
        var definition = CosmosReadStore.ToQueryDefinition(new DocumentQuery("orders"));

        Assert.Equal("SELECT c.id, c.pk, c.originalId, c.doc, c._etag FROM c ORDER BY c.pk, c.id", definition.QueryText);
        Assert.Empty(definition.GetQueryParameters());
    }

    [Theory]
    [InlineData("status\"] = 1 OR 1=1 --")]
    [InlineData("buyer.country) OR (1=1")]
    [InlineData("buyer..country")]
    [InlineData("buyer[0]")]
    [InlineData(".status")]
    [InlineData("1st")]
    [InlineData("")]
    public void filter_paths_that_are_not_dotted_identifiers_are_rejected(string path)
    {
        var query = new DocumentQuery("orders") { Filters = [DocumentFilter.Eq(path, "x")] };

        Assert.Throws<ArgumentException>(() => CosmosReadStore.ToQueryDefinition(query));
    }

    [Fact]
    public async Task a_query_page_passes_page_size_partition_key_and_continuation_through()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.OK,
            """{"_rid":"x","Documents":[{"id":"o1","pk":"p1","doc":{"n":1},"_etag":"\"e1\""},{"id":"o2","pk":"p1","doc":{"n":2},"_etag":"\"e2\""}],"_count":2}""",
            continuation: "next-token"));

        var page = await _store.QueryAsync(new DocumentQuery("orders") { PartitionKey = "p1", PageSize = 2, ContinuationToken = "this-token" }, Ct);

        var (_, continuation, options) = Assert.Single(_container.Queries);
        Assert.Equal("this-token", continuation);
        Assert.Equal(2, options.MaxItemCount);
        Assert.Equal(new PartitionKey("p1"), options.PartitionKey);
        Assert.Equal("next-token", page.ContinuationToken);
        Assert.Equal(
            [new StoredDocument("orders", "p1", "o1", """{"n":1}""", "\"e1\""), new StoredDocument("orders", "p1", "o2", """{"n":2}""", "\"e2\"")],
            page.Items);
    }

    [Fact]
    public async Task an_empty_cross_partition_page_with_a_continuation_is_read_past()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.OK, """{"Documents":[]}""", continuation: "t1"));
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.OK, """{"Documents":[{"id":"o9","pk":"p9","doc":{},"_etag":"\"e\""}]}"""));

        var page = await _store.QueryAsync(new DocumentQuery("orders"), Ct);

        Assert.Equal("o9", Assert.Single(page.Items).Id);
        Assert.Null(page.ContinuationToken);
        Assert.Null(_container.Queries.Single().Options.PartitionKey);
    }

    [Fact]
    public async Task a_continuation_token_the_service_rejects_is_an_invalid_token()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.BadRequest));

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            _store.QueryAsync(new DocumentQuery("orders") { ContinuationToken = "garbage" }, Ct));
    }

    [Fact]
    public async Task each_logical_container_is_resolved_once()
    {
        for (var i = 0; i < 3; i++) _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.NotFound));

        await _store.GetAsync("orders", "p", "1", Ct);
        await _store.GetAsync("orders", "p", "2", Ct);
        await _store.GetAsync("stock", "p", "3", Ct);

        Assert.Equal(["orders", "stock"], _containersAsked);
    }

    [Fact]
    public void the_expected_container_is_partitioned_on_pk_with_a_composite_index_for_paging()
    {
        var properties = CosmosReadStore.ExpectedContainer("orders");

        Assert.Equal("/pk", properties.PartitionKeyPath);
        var composite = Assert.Single(properties.IndexingPolicy.CompositeIndexes);
        Assert.Equal(["/pk", "/id"], composite.Select(p => p.Path));
    }
}
