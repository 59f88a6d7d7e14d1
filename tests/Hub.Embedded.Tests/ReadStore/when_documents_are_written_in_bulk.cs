using Hub.Contracts;
using Hub.Core.Storage;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.ReadStore;

public sealed class when_documents_are_written_in_bulk : IAsyncDisposable
{
    private const string Container = ReadStoreContainers.StockLevels;

    private readonly EmbeddedHub _hub = new();
    private readonly SqliteReadStore _store;

    public when_documents_are_written_in_bulk() => _store = _hub.ReadStore();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private Task<int> WriteAsync(params VersionedDocument[] documents) => _store.UpsertNewerAsync(Container, documents, Ct);

    private async Task<string?> JsonAsync(string pk, string id) => (await _store.GetAsync(Container, pk, id, Ct))?.Json;

    [Fact]
    public async Task a_newer_version_replaces_the_stored_one_with_a_new_etag()
    {
        await WriteAsync(new VersionedDocument("wh-1", "sku-1", 1, """{"qty":5}"""));
        var before = await _store.GetAsync(Container, "wh-1", "sku-1", Ct);

        var written = await WriteAsync(new VersionedDocument("wh-1", "sku-1", 2, """{"qty":7}"""));

        var after = await _store.GetAsync(Container, "wh-1", "sku-1", Ct);
        Assert.Equal(1, written);
        Assert.Equal("""{"qty":7}""", after?.Json);
        Assert.NotEqual(before!.ETag, after!.ETag);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task an_older_or_equal_version_changes_nothing(long version)
    {
        await WriteAsync(new VersionedDocument("wh-1", "sku-1", 5, """{"qty":5}"""));
        var before = await _store.GetAsync(Container, "wh-1", "sku-1", Ct);

        var written = await WriteAsync(new VersionedDocument("wh-1", "sku-1", version, """{"qty":1}"""));

        Assert.Equal(0, written);
        Assert.Equal(before, await _store.GetAsync(Container, "wh-1", "sku-1", Ct));
    }

    [Fact]
    public async Task a_document_written_by_a_plain_upsert_is_replaced_by_any_version()
    {
        await _store.UpsertAsync(Container, "wh-1", "sku-1", """{"qty":9}""", WriteCondition.Always, Ct);

        var written = await WriteAsync(new VersionedDocument("wh-1", "sku-1", 0, """{"qty":1}"""));

        Assert.Equal(1, written);
        Assert.Equal("""{"qty":1}""", await JsonAsync("wh-1", "sku-1"));
    }

    [Fact]
    public async Task a_version_stored_before_versions_were_bounded_is_replaced_by_any_version()
    {
        await WriteAsync(new VersionedDocument("wh-1", "sku-1", 5, """{"qty":9}"""));
        // What the stock projection wrote before (as-of seconds << 32): far above 2^53 - 1.
        await _hub.ScalarAsync("UPDATE documents SET version = $v WHERE pk = 'wh-1' AND id = 'sku-1'", ("$v", 3_600_000_000_000_000_000L));

        var written = await WriteAsync(new VersionedDocument("wh-1", "sku-1", 1, """{"qty":1}"""));

        Assert.Equal(1, written);
        Assert.Equal("""{"qty":1}""", await JsonAsync("wh-1", "sku-1"));
    }

    [Fact]
    public async Task a_plain_upsert_over_a_versioned_document_leaves_it_without_a_version()
    {
        await WriteAsync(new VersionedDocument("wh-1", "sku-1", 10, """{"qty":10}"""));
        await _store.UpsertAsync(Container, "wh-1", "sku-1", """{"qty":9}""", WriteCondition.Always, Ct);

        var written = await WriteAsync(new VersionedDocument("wh-1", "sku-1", 1, """{"qty":1}"""));

        Assert.Equal(1, written);
        Assert.Equal("""{"qty":1}""", await JsonAsync("wh-1", "sku-1"));
    }

    [Fact]
    public async Task the_same_call_twice_writes_nothing_the_second_time()
    {
        VersionedDocument[] documents =
        [
            new("wh-1", "sku-1", 3, """{"qty":1}"""),
            new("wh-2", "sku-1", 3, """{"qty":2}"""),
            new("wh-1", "sku-2", 3, """{"qty":3}"""),
        ];

        var first = await _store.UpsertNewerAsync(Container, documents, Ct);
        var etags = await Task.WhenAll(documents.Select(d => _store.GetAsync(Container, d.PartitionKey, d.Id, Ct)));
        var second = await _store.UpsertNewerAsync(Container, documents, Ct);

        Assert.Equal(3, first);
        Assert.Equal(0, second);
        Assert.Equal(etags, await Task.WhenAll(documents.Select(d => _store.GetAsync(Container, d.PartitionKey, d.Id, Ct))));
    }

    [Fact]
    public async Task it_returns_how_many_of_the_documents_were_written()
    {
        await WriteAsync(new VersionedDocument("wh-1", "older", 5, "{}"), new VersionedDocument("wh-1", "equal", 5, "{}"), new VersionedDocument("wh-1", "newer", 5, "{}"));
        await _store.UpsertAsync(Container, "wh-1", "plain", "{}", WriteCondition.Always, Ct);

        var written = await WriteAsync(
            new VersionedDocument("wh-1", "older", 4, """{"v":4}"""),
            new VersionedDocument("wh-1", "equal", 5, """{"v":5}"""),
            new VersionedDocument("wh-1", "newer", 6, """{"v":6}"""),
            new VersionedDocument("wh-1", "plain", 1, """{"v":1}"""),
            new VersionedDocument("wh-1", "new", 1, """{"v":1}"""));

        Assert.Equal(3, written);
        Assert.Equal(["{}", "{}", """{"v":6}""", """{"v":1}""", """{"v":1}"""],
            await Task.WhenAll(new[] { "older", "equal", "newer", "plain", "new" }.Select(id => JsonAsync("wh-1", id))));
    }

    [Fact]
    public async Task an_empty_call_writes_nothing()
    {
        Assert.Equal(0, await _store.UpsertNewerAsync(Container, [], Ct));
    }

    [Fact]
    public async Task ten_thousand_documents_in_one_call_are_all_readable_after_one_commit()
    {
        var documents = Enumerable.Range(0, 10_000)
            .Select(i => new VersionedDocument($"wh-{i % 7}", $"sku-{i:00000}", i, $$"""{"qty":{{i}}}"""))
            .ToArray();
        var commits = _hub.Writer.Commits;

        var written = await _store.UpsertNewerAsync(Container, documents, Ct);

        Assert.Equal(10_000, written);
        Assert.Equal(commits + 1, _hub.Writer.Commits);
        Assert.Equal(10_000L, await _hub.ScalarAsync("SELECT COUNT(*) FROM documents WHERE container = $c", ("$c", Container)));
        Assert.Equal(10_000L, await _hub.ScalarAsync("SELECT COUNT(DISTINCT etag) FROM documents WHERE container = $c", ("$c", Container)));
        foreach (var i in new[] { 0, 1, 4_999, 9_999 })
            Assert.Equal($$"""{"qty":{{i}}}""", await JsonAsync($"wh-{i % 7}", $"sku-{i:00000}"));
    }

    private async Task SeedStockAsync()
    {
        await WriteAsync(
            new VersionedDocument("wh-3", "sku-1", 1, """{"qty":3}"""),
            new VersionedDocument("wh-1", "sku-1", 1, """{"qty":1}"""),
            new VersionedDocument("wh-2", "sku-2", 1, """{"qty":20}"""),
            new VersionedDocument("wh-2", "sku-1", 1, """{"qty":2}"""),
            new VersionedDocument("wh-4", "sku-1", 1, """{"qty":4}"""),
            new VersionedDocument("wh-5", "sku-10", 1, """{"qty":50}"""));
        await _store.UpsertAsync("orders", "wh-1", "sku-1", "{}", WriteCondition.Always, Ct);
    }

    [Fact]
    public async Task an_id_query_returns_each_warehouses_copy_of_that_id_in_partition_order()
    {
        await SeedStockAsync();

        var page = await _store.QueryAsync(new DocumentQuery(Container) { Id = "sku-1" }, Ct);

        Assert.Equal([("wh-1", "sku-1"), ("wh-2", "sku-1"), ("wh-3", "sku-1"), ("wh-4", "sku-1")], page.Items.Select(d => (d.PartitionKey, d.Id)));
        Assert.Equal(["""{"qty":1}""", """{"qty":2}""", """{"qty":3}""", """{"qty":4}"""], page.Items.Select(d => d.Json));
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task an_id_query_with_a_partition_key_returns_only_that_partitions_copy()
    {
        await SeedStockAsync();

        var page = await _store.QueryAsync(new DocumentQuery(Container) { Id = "sku-1", PartitionKey = "wh-2" }, Ct);

        Assert.Equal([("wh-2", "sku-1")], page.Items.Select(d => (d.PartitionKey, d.Id)));
    }

    [Fact]
    public async Task an_id_query_pages_by_continuation_token_without_gaps_or_duplicates()
    {
        await SeedStockAsync();
        var query = new DocumentQuery(Container) { Id = "sku-1", PageSize = 3 };

        var first = await _store.QueryAsync(query, Ct);
        var second = await _store.QueryAsync(query with { ContinuationToken = first.ContinuationToken }, Ct);

        Assert.Equal(["wh-1", "wh-2", "wh-3"], first.Items.Select(d => d.PartitionKey));
        Assert.NotNull(first.ContinuationToken);
        Assert.Equal(["wh-4"], second.Items.Select(d => d.PartitionKey));
        Assert.Null(second.ContinuationToken);
    }

    [Fact]
    public async Task an_id_query_combines_with_filters()
    {
        await SeedStockAsync();

        var page = await _store.QueryAsync(new DocumentQuery(Container) { Id = "sku-1", Filters = [DocumentFilter.AtLeast("qty", 3L)] }, Ct);

        Assert.Equal(["wh-3", "wh-4"], page.Items.Select(d => d.PartitionKey));
    }

    [Fact]
    public async Task an_id_query_on_stock_levels_uses_the_documents_by_id_index_without_sorting()
    {
        await SeedStockAsync();
        var query = new DocumentQuery(Container) { Id = "sku-1", PageSize = 2 };
        var token = (await _store.QueryAsync(query, Ct)).ContinuationToken;

        foreach (var page in new[] { query, query with { ContinuationToken = token } })
        {
            var plan = await _store.ExplainQueryPlanAsync(page, Ct);

            Assert.Contains(plan, line => line.Contains("INDEX documents_by_id", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task an_id_query_on_another_container_does_not_use_the_stock_levels_index()
    {
        await SeedStockAsync();

        var plan = await _store.ExplainQueryPlanAsync(new DocumentQuery("orders") { Id = "sku-1" }, Ct);

        Assert.DoesNotContain(plan, line => line.Contains("documents_by_id", StringComparison.Ordinal));
        Assert.Equal(["""{}"""], (await _store.QueryAsync(new DocumentQuery("orders") { Id = "sku-1" }, Ct)).Items.Select(d => d.Json));
    }

    [Fact]
    public async Task a_continuation_token_from_a_query_with_another_id_or_none_is_refused()
    {
        await SeedStockAsync();
        var query = new DocumentQuery(Container) { Id = "sku-1", PageSize = 2 };
        var token = (await _store.QueryAsync(query, Ct)).ContinuationToken!;

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            _store.QueryAsync(query with { Id = "sku-2", ContinuationToken = token }, Ct));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            _store.QueryAsync(query with { Id = null, ContinuationToken = token }, Ct));
    }
}
