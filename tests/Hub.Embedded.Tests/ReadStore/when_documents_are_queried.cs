using Hub.Core.Storage;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.ReadStore;

public sealed class when_documents_are_queried : IAsyncDisposable
{
    private const string Container = "orders";

    private readonly EmbeddedHub _hub = new();
    private readonly SqliteReadStore _store;

    public when_documents_are_queried() => _store = _hub.ReadStore();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private async Task SeedOrdersAsync()
    {
        await PutAsync("platform-a", "o1", """{"status":"shipped","paid":true,"lines":3,"total":120.5,"buyer":{"country":"DE","kind":"business"}}""");
        await PutAsync("platform-a", "o2", """{"status":"received","paid":false,"lines":1,"total":80,"buyer":{"country":"FR","kind":"consumer"}}""");
        await PutAsync("platform-b", "o3", """{"status":"shipped","paid":true,"lines":7,"total":300.25,"buyer":{"country":"DE","kind":"consumer"}}""");
        await PutAsync("platform-b", "o4", """{"status":"received","lines":2,"buyer":{"country":"US"}}""");
        await _store.UpsertAsync("elsewhere", "platform-a", "o9", """{"status":"shipped","buyer":{"country":"DE"}}""", WriteCondition.Always, Ct);
    }

    private Task PutAsync(string pk, string id, string json) => _store.UpsertAsync(Container, pk, id, json, WriteCondition.Always, Ct);

    private async Task<string[]> IdsAsync(params DocumentFilter[] filters) =>
        [.. (await _store.QueryAsync(new DocumentQuery(Container) { Filters = filters }, Ct)).Items.Select(d => d.Id)];

    [Fact]
    public async Task eq_on_a_nested_path_matches_only_that_value_in_that_container()
    {
        await SeedOrdersAsync();

        Assert.Equal(["o1", "o3"], await IdsAsync(DocumentFilter.Eq("buyer.country", "DE")));
        Assert.Equal(["o2", "o3"], await IdsAsync(DocumentFilter.Eq("buyer.kind", "consumer")));
        Assert.Equal(["o1", "o3"], await IdsAsync(DocumentFilter.Eq("paid", true)));
        Assert.Equal(["o2"], await IdsAsync(DocumentFilter.Eq("paid", false)));
        Assert.Empty(await IdsAsync(DocumentFilter.Eq("buyer.country", "CN")));
    }

    [Fact]
    public async Task at_least_and_at_most_compare_numbers_as_numbers()
    {
        await SeedOrdersAsync();

        Assert.Equal(["o1", "o3"], await IdsAsync(DocumentFilter.AtLeast("lines", 3L)));
        Assert.Equal(["o2", "o4"], await IdsAsync(DocumentFilter.AtMost("lines", 2L)));
        Assert.Equal(["o1", "o3"], await IdsAsync(DocumentFilter.AtLeast("total", 120.5m)));
        Assert.Equal(["o1", "o2"], await IdsAsync(DocumentFilter.AtMost("total", 120.5m)));
        Assert.Equal(["o3"], await IdsAsync(DocumentFilter.Eq("total", 300.25m)));
    }

    [Fact]
    public async Task filters_combine_with_and_and_with_the_partition_key()
    {
        await SeedOrdersAsync();

        Assert.Equal(["o1"], await IdsAsync(DocumentFilter.Eq("buyer.country", "DE"), DocumentFilter.AtMost("total", 200L)));
        Assert.Equal(["o3"], await IdsAsync(DocumentFilter.Eq("status", "shipped"), DocumentFilter.AtLeast("lines", 5L)));

        var page = await _store.QueryAsync(new DocumentQuery(Container)
        {
            PartitionKey = "platform-a",
            Filters = [DocumentFilter.Eq("buyer.country", "DE")],
        }, Ct);
        Assert.Equal([("platform-a", "o1")], page.Items.Select(d => (d.PartitionKey, d.Id)));
        Assert.Null(page.ContinuationToken);

        var partition = await _store.QueryAsync(new DocumentQuery(Container) { PartitionKey = "platform-b" }, Ct);
        Assert.Equal(["o3", "o4"], partition.Items.Select(d => d.Id));
    }

    [Fact]
    public async Task paging_through_250_documents_by_100_gives_100_100_and_50_with_no_gaps_or_duplicates()
    {
        var all = new List<(string Pk, string Id)>();
        for (var i = 0; i < 250; i++)
        {
            var key = ($"platform-{i % 5}", $"order-{i:000}");
            all.Add(key);
            await PutAsync(key.Item1, key.Item2, $$"""{"n":{{i}}}""");
        }

        var sizes = new List<int>();
        var seen = new List<(string Pk, string Id)>();
        string? token = null;
        do
        {
            var page = await _store.QueryAsync(new DocumentQuery(Container) { PageSize = 100, ContinuationToken = token }, Ct);
            sizes.Add(page.Items.Count);
            seen.AddRange(page.Items.Select(d => (d.PartitionKey, d.Id)));
            token = page.ContinuationToken;
            Assert.True(sizes.Count <= 3, "paging does not end");
        }
        while (token is not null);

        Assert.Equal([100, 100, 50], sizes);
        Assert.Equal(all.Order(), seen);
    }

    [Fact]
    public async Task a_tampered_continuation_token_throws_invalid_continuation_token()
    {
        for (var i = 0; i < 5; i++) await PutAsync("platform-a", $"order-{i}", "{}");
        var token = (await _store.QueryAsync(new DocumentQuery(Container) { PageSize = 2 }, Ct)).ContinuationToken!;
        var middle = token.Length / 2;
        var tampered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];

        foreach (var bad in new[] { tampered, token + "x", "not a token!", "" })
            await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
                _store.QueryAsync(new DocumentQuery(Container) { PageSize = 2, ContinuationToken = bad }, Ct));
    }

    [Fact]
    public async Task a_continuation_token_from_another_query_throws_invalid_continuation_token()
    {
        for (var i = 0; i < 5; i++) await PutAsync("platform-a", $"order-{i}", """{"status":"shipped"}""");
        var shipped = new DocumentQuery(Container) { PageSize = 2, Filters = [DocumentFilter.Eq("status", "shipped")] };
        var token = (await _store.QueryAsync(shipped, Ct)).ContinuationToken!;

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            _store.QueryAsync(shipped with { Filters = [DocumentFilter.Eq("status", "received")], ContinuationToken = token }, Ct));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            _store.QueryAsync(shipped with { Container = "stock", ContinuationToken = token }, Ct));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            _store.QueryAsync(shipped with { PartitionKey = "platform-a", ContinuationToken = token }, Ct));
    }

    [Fact]
    public async Task paging_a_filtered_query_returns_each_match_once()
    {
        for (var i = 0; i < 25; i++) await PutAsync($"platform-{i % 3}", $"order-{i:00}", $$$"""{"buyer":{"country":"{{{(i % 2 == 0 ? "DE" : "FR")}}}"}}""");
        var query = new DocumentQuery(Container) { PageSize = 5, Filters = [DocumentFilter.Eq("buyer.country", "DE")] };

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _store.QueryAsync(query with { ContinuationToken = token }, Ct);
            seen.AddRange(page.Items.Select(d => d.Id));
            token = page.ContinuationToken;
        }
        while (token is not null && seen.Count <= 25);

        Assert.Equal(Enumerable.Range(0, 25).Where(i => i % 2 == 0).Select(i => $"order-{i:00}").Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("status') OR 1=1 --")]
    [InlineData("buyer.country' OR '1'='1")]
    [InlineData("status; DROP TABLE documents")]
    [InlineData("buyer..country")]
    [InlineData("$.status")]
    [InlineData("")]
    public async Task a_path_that_is_not_a_dotted_identifier_throws_argument_exception(string path)
    {
        await SeedOrdersAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => IdsAsync(DocumentFilter.Eq(path, "shipped")));

        Assert.Equal(["o1", "o2", "o3", "o4"], await IdsAsync());
    }
}
