using System.Text.Json;
using Hub.Core.Storage;
using Xunit;

namespace Hub.Testing.Contracts;

/// <summary>
/// What every <see cref="IReadStore"/> must do (the port's remarks state the rules). A subclass supplies the store and the
/// container; each test works in partitions and ids of its own (<see cref="Run"/>), so tests may share a container.
/// </summary>
public abstract class ReadStoreContract
{
    protected abstract IReadStore Store { get; }

    /// <summary>The container the tests write to.</summary>
    protected abstract string Container { get; }

    /// <summary>This test's own mark: every partition key and id a test uses contains it.</summary>
    protected string Run { get; } = Guid.NewGuid().ToString("N")[..12];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Ids a platform or a stock report may send, which Cosmos DB cannot hold as they are (and some it can, to show that
    /// encoding leaves them alone). Each is used inside a test's own partition, so it may be used as it is.
    /// </summary>
    public static TheoryData<string> AwkwardIds { get; } =
    [
        "PO/2026/1",
        "A#1",
        "?",
        "\\",
        "50%",
        "a%2Fb",
        "~bQQ",
        "..",
        "订单/2026#1",
        "库存-离心水泵 0.75千瓦",
        "📦/1",
        new string('x', 255),
        new string('x', 300),
        new string('/', 300),
        new string('订', 300),
        "tab\there",
    ];

    [Fact]
    public async Task a_document_round_trips_with_etag_concurrency()
    {
        var pk = $"p-{Run}";
        var id = $"o-{Run}";

        var created = await Store.UpsertAsync(Container, pk, id, """{"id":"own","pk":"theirs","status":"received"}""", WriteCondition.NotExists, Ct);
        var again = await Store.UpsertAsync(Container, pk, id, "{}", WriteCondition.NotExists, Ct);
        var read = await Store.GetAsync(Container, pk, id, Ct);
        var updated = await Store.UpsertAsync(Container, pk, id, """{"status":"shipped"}""", WriteCondition.IfMatch(created.ETag!), Ct);
        var stale = await Store.UpsertAsync(Container, pk, id, """{"status":"lost"}""", WriteCondition.IfMatch(created.ETag!), Ct);

        Assert.True(created.Succeeded);
        Assert.Equal(WriteOutcome.ConditionFailed, again);
        Assert.Equal(new StoredDocument(Container, pk, id, """{"id":"own","pk":"theirs","status":"received"}""", created.ETag!), read);
        Assert.True(updated.Succeeded);
        Assert.NotEqual(created.ETag, updated.ETag);
        Assert.Equal(WriteOutcome.ConditionFailed, stale);
        var latest = await Store.GetAsync(Container, pk, id, Ct);
        Assert.Equal("""{"status":"shipped"}""", latest?.Json);
        Assert.Equal(updated.ETag, latest?.ETag);
    }

    [Fact]
    public async Task an_unconditional_write_replaces_and_a_delete_removes()
    {
        var pk = $"p-{Run}";
        var id = $"o-{Run}";
        await Store.UpsertAsync(Container, pk, id, """{"n":1}""", WriteCondition.Always, Ct);
        await Store.UpsertAsync(Container, pk, "neighbour", """{"n":0}""", WriteCondition.Always, Ct);

        var second = await Store.UpsertAsync(Container, pk, id, """{"n":2}""", WriteCondition.Always, Ct);

        Assert.True(second.Succeeded);
        Assert.Equal("""{"n":2}""", (await Store.GetAsync(Container, pk, id, Ct))?.Json);
        Assert.True(await Store.DeleteAsync(Container, pk, id, Ct));
        Assert.Null(await Store.GetAsync(Container, pk, id, Ct));
        Assert.NotNull(await Store.GetAsync(Container, pk, "neighbour", Ct));
        Assert.False(await Store.DeleteAsync(Container, pk, id, Ct));
    }

    [Fact]
    public async Task a_missing_document_reads_as_null_and_an_if_match_on_it_fails_without_writing()
    {
        var pk = $"p-{Run}";

        Assert.Null(await Store.GetAsync(Container, pk, "missing", Ct));
        Assert.False(await Store.DeleteAsync(Container, pk, "missing", Ct));
        Assert.Equal(WriteOutcome.ConditionFailed, await Store.UpsertAsync(Container, pk, "missing", "{}", WriteCondition.IfMatch("\"gone\""), Ct));
        Assert.Null(await Store.GetAsync(Container, pk, "missing", Ct));
    }

    [Fact]
    public async Task the_same_id_in_two_partitions_is_two_documents()
    {
        var id = $"o-{Run}";
        await Store.UpsertAsync(Container, $"a-{Run}", id, """{"n":1}""", WriteCondition.Always, Ct);
        await Store.UpsertAsync(Container, $"b-{Run}", id, """{"n":2}""", WriteCondition.Always, Ct);

        Assert.Equal("""{"n":1}""", (await Store.GetAsync(Container, $"a-{Run}", id, Ct))?.Json);
        Assert.Equal("""{"n":2}""", (await Store.GetAsync(Container, $"b-{Run}", id, Ct))?.Json);
    }

    [Theory]
    [MemberData(nameof(AwkwardIds))]
    public async Task any_id_round_trips_through_every_operation(string id)
    {
        var pk = $"p-{Run}";
        var json = JsonSerializer.Serialize(new { id, n = 1 });

        var created = await Store.UpsertAsync(Container, pk, id, json, WriteCondition.NotExists, Ct);
        var read = await Store.GetAsync(Container, pk, id, Ct);
        var byId = await Store.QueryAsync(new DocumentQuery(Container) { Id = id }, Ct);
        var inPartition = await Store.QueryAsync(new DocumentQuery(Container) { PartitionKey = pk }, Ct);
        var replaced = await Store.UpsertAsync(Container, pk, id, json, WriteCondition.IfMatch(created.ETag!), Ct);
        var newer = await Store.UpsertNewerAsync(Container, [new VersionedDocument(pk, id, 7, """{"n":7}""")], Ct);
        var older = await Store.UpsertNewerAsync(Container, [new VersionedDocument(pk, id, 6, """{"n":6}""")], Ct);

        // The JSON is compared by value: an adapter may re-escape it (\u8ba2 or 订), never change it.
        Assert.True(created.Succeeded);
        Assert.Equal((pk, id, id, created.ETag), (read?.PartitionKey, read?.Id, IdIn(read?.Json), read?.ETag));
        Assert.Equal([(pk, id, id)], byId.Items.Where(d => d.PartitionKey == pk).Select(d => (d.PartitionKey, d.Id, IdIn(d.Json))));
        Assert.Equal([(pk, id)], inPartition.Items.Select(d => (d.PartitionKey, d.Id)));
        Assert.True(replaced.Succeeded);
        Assert.Equal((1, 0), (newer, older));
        Assert.Equal("""{"n":7}""", (await Store.GetAsync(Container, pk, id, Ct))?.Json);
        Assert.True(await Store.DeleteAsync(Container, pk, id, Ct));
        Assert.Null(await Store.GetAsync(Container, pk, id, Ct));
        Assert.Empty((await Store.QueryAsync(new DocumentQuery(Container) { PartitionKey = pk }, Ct)).Items);
    }

    [Fact]
    public async Task ids_that_an_adapter_might_encode_alike_stay_apart()
    {
        var pk = $"p-{Run}";
        // A plain id that looks like an encoded one, the id it might decode to, and two long ids differing only at the end.
        string[] ids = ["a/b", "~bYS9i", "~hx", new string('x', 299) + "1", new string('x', 299) + "2", new string('x', 255), new string('x', 256)];
        foreach (var id in ids) await Store.UpsertAsync(Container, pk, id, JsonSerializer.Serialize(new { id }), WriteCondition.NotExists, Ct);

        var page = await Store.QueryAsync(new DocumentQuery(Container) { PartitionKey = pk, PageSize = 100 }, Ct);

        Assert.Equal(ids.Order(StringComparer.Ordinal), page.Items.Select(d => d.Id).Order(StringComparer.Ordinal));
        foreach (var id in ids)
            Assert.Equal(id, IdIn((await Store.GetAsync(Container, pk, id, Ct))?.Json));
    }

    [Theory]
    [InlineData("PO/2026")]
    [InlineData("仓库#1")]
    [InlineData("?")]
    [InlineData("\\")]
    [InlineData("order-webhook:3f")]
    public async Task any_partition_key_within_the_limit_round_trips(string partitionKey)
    {
        var pk = partitionKey + Run;
        var id = $"o-{Run}";

        await Store.UpsertAsync(Container, pk, id, """{"n":1}""", WriteCondition.NotExists, Ct);

        Assert.Equal(pk, (await Store.GetAsync(Container, pk, id, Ct))?.PartitionKey);
        Assert.Equal([(pk, id)], (await Store.QueryAsync(new DocumentQuery(Container) { PartitionKey = pk }, Ct)).Items.Select(d => (d.PartitionKey, d.Id)));
        Assert.True(await Store.DeleteAsync(Container, pk, id, Ct));
    }

    [Fact]
    public async Task a_partition_key_of_the_longest_length_round_trips_and_one_longer_is_refused_unwritten()
    {
        var longest = (Run + new string('仓', ReadStoreKeys.MaxPartitionKeyLength))[..ReadStoreKeys.MaxPartitionKeyLength];
        var tooLong = longest + "x";
        var id = $"o-{Run}";

        await Store.UpsertAsync(Container, longest, id, """{"n":1}""", WriteCondition.NotExists, Ct);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertAsync(Container, tooLong, id, "{}", WriteCondition.Always, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertNewerAsync(Container, [new VersionedDocument(tooLong, id, 1, "{}")], Ct));

        Assert.Equal(longest, (await Store.GetAsync(Container, longest, id, Ct))?.PartitionKey);
        Assert.Equal([longest], (await Store.QueryAsync(new DocumentQuery(Container) { Id = id }, Ct)).Items.Select(d => d.PartitionKey));
    }

    [Fact]
    public async Task keys_that_are_not_well_formed_text_are_refused_unwritten()
    {
        var pk = $"p-{Run}";
        var unpaired = $"o-{Run}-\uD83D";

        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertAsync(Container, pk, unpaired, "{}", WriteCondition.Always, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertAsync(Container, pk + "\uDC00", "o", "{}", WriteCondition.Always, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertAsync(Container, pk, "", "{}", WriteCondition.Always, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertNewerAsync(Container,
            [new VersionedDocument(pk, $"fine-{Run}", 1, "{}"), new VersionedDocument(pk, unpaired, 1, "{}")], Ct));

        Assert.Empty((await Store.QueryAsync(new DocumentQuery(Container) { PartitionKey = pk }, Ct)).Items);
    }

    [Fact]
    public async Task a_filtered_query_pages_through_every_match_in_partition_and_id_order()
    {
        for (var i = 0; i < 7; i++)
        {
            var json = $$"""{"run":"{{Run}}","buyer":{"country":"{{(i % 2 == 0 ? "DE" : "FR")}}"},"amount":{{i * 10}}}""";
            await Store.UpsertAsync(Container, $"p{i % 3}-{Run}", $"o{i}", json, WriteCondition.Always, Ct);
        }
        var query = new DocumentQuery(Container)
        {
            Filters = [DocumentFilter.Eq("run", Run), DocumentFilter.Eq("buyer.country", "DE"), DocumentFilter.AtLeast("amount", 10L)],
            PageSize = 2,
        };

        var found = await AllPagesAsync(query);

        Assert.Equal([($"p0-{Run}", "o6"), ($"p1-{Run}", "o4"), ($"p2-{Run}", "o2")], found.Select(d => (d.PartitionKey, d.Id)));
    }

    [Fact]
    public async Task a_query_within_one_partition_sees_only_that_partition_in_id_order()
    {
        foreach (var id in new[] { "c", "a", "b" }) await Store.UpsertAsync(Container, $"only-{Run}", id, "{}", WriteCondition.Always, Ct);
        await Store.UpsertAsync(Container, $"other-{Run}", "a", "{}", WriteCondition.Always, Ct);

        var found = await AllPagesAsync(new DocumentQuery(Container) { PartitionKey = $"only-{Run}", PageSize = 2 });

        Assert.Equal(["a", "b", "c"], found.Select(d => d.Id));
        Assert.All(found, d => Assert.Equal($"only-{Run}", d.PartitionKey));
    }

    [Fact]
    public async Task a_query_by_id_finds_each_copy_across_partitions_or_the_one_in_its_partition()
    {
        var id = $"sku/{Run}#1";
        foreach (var pk in new[] { $"wh-2-{Run}", $"wh-1-{Run}", $"wh-3-{Run}" })
            await Store.UpsertAsync(Container, pk, id, $$"""{"warehouse":"{{pk}}"}""", WriteCondition.Always, Ct);
        await Store.UpsertAsync(Container, $"wh-1-{Run}", id + "x", "{}", WriteCondition.Always, Ct);

        var everywhere = await AllPagesAsync(new DocumentQuery(Container) { Id = id, PageSize = 2 });
        var inOne = await AllPagesAsync(new DocumentQuery(Container) { Id = id, PartitionKey = $"wh-3-{Run}" });

        Assert.Equal([$"wh-1-{Run}", $"wh-2-{Run}", $"wh-3-{Run}"], everywhere.Select(d => d.PartitionKey));
        Assert.All(everywhere, d => Assert.Equal(id, d.Id));
        Assert.Equal([$"wh-3-{Run}"], inOne.Select(d => d.PartitionKey));
    }

    [Fact]
    public async Task a_document_stored_by_a_query_carries_the_etag_a_conditional_write_needs()
    {
        var pk = $"p-{Run}";
        await Store.UpsertAsync(Container, pk, "o/1", """{"n":1}""", WriteCondition.Always, Ct);

        var found = Assert.Single((await Store.QueryAsync(new DocumentQuery(Container) { PartitionKey = pk }, Ct)).Items);
        var written = await Store.UpsertAsync(Container, pk, found.Id, """{"n":2}""", WriteCondition.IfMatch(found.ETag), Ct);

        Assert.True(written.Succeeded);
    }

    [Fact]
    public async Task only_a_newer_version_replaces_and_the_same_call_again_writes_nothing()
    {
        var pk = $"wh-{Run}";
        await Store.UpsertAsync(Container, pk, "plain", """{"n":0}""", WriteCondition.Always, Ct);
        await Store.UpsertNewerAsync(Container, [new VersionedDocument(pk, "kept", 5, """{"n":5}""")], Ct);
        VersionedDocument[] call =
        [
            new(pk, "plain", 0, """{"n":"v0"}"""),
            new(pk, "kept", 5, """{"n":"same"}"""),
            new(pk, "new/1", 1, """{"n":1}"""),
        ];

        var first = await Store.UpsertNewerAsync(Container, call, Ct);
        var second = await Store.UpsertNewerAsync(Container, call, Ct);
        var older = await Store.UpsertNewerAsync(Container, [new VersionedDocument(pk, "kept", 4, """{"n":4}""")], Ct);
        var newer = await Store.UpsertNewerAsync(Container, [new VersionedDocument(pk, "kept", 6, """{"n":6}""")], Ct);

        Assert.Equal((2, 0, 0, 1), (first, second, older, newer));
        Assert.Equal("""{"n":"v0"}""", (await Store.GetAsync(Container, pk, "plain", Ct))?.Json);
        Assert.Equal("""{"n":6}""", (await Store.GetAsync(Container, pk, "kept", Ct))?.Json);
        Assert.Equal("""{"n":1}""", (await Store.GetAsync(Container, pk, "new/1", Ct))?.Json);
    }

    [Fact]
    public async Task the_largest_version_is_held_exactly_and_one_below_it_does_not_win()
    {
        var pk = $"wh-{Run}";

        var top = await Store.UpsertNewerAsync(Container, [new VersionedDocument(pk, "sku", ReadStoreKeys.MaxVersion, """{"n":"top"}""")], Ct);
        var below = await Store.UpsertNewerAsync(Container, [new VersionedDocument(pk, "sku", ReadStoreKeys.MaxVersion - 1, """{"n":"below"}""")], Ct);
        var same = await Store.UpsertNewerAsync(Container, [new VersionedDocument(pk, "sku", ReadStoreKeys.MaxVersion, """{"n":"same"}""")], Ct);

        Assert.Equal((1, 0, 0), (top, below, same));
        Assert.Equal("""{"n":"top"}""", (await Store.GetAsync(Container, pk, "sku", Ct))?.Json);
    }

    [Theory]
    [InlineData(ReadStoreKeys.MaxVersion + 1)]
    [InlineData(long.MaxValue)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public async Task a_version_beyond_0_to_2_pow_53_minus_1_is_refused_and_nothing_of_the_call_is_written(long version)
    {
        var pk = $"wh-{Run}";

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.UpsertNewerAsync(Container,
            [new VersionedDocument(pk, "fine", 1, "{}"), new VersionedDocument(pk, "beyond", version, "{}")], Ct));

        Assert.Empty((await Store.QueryAsync(new DocumentQuery(Container) { PartitionKey = pk }, Ct)).Items);
    }

    [Fact]
    public async Task the_store_answers_when_reachable()
    {
        Assert.True(await Store.IsReachableAsync(Ct));
    }

    private static string? IdIn(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.GetProperty("id").GetString();

    protected async Task<List<StoredDocument>> AllPagesAsync(DocumentQuery query)
    {
        var found = new List<StoredDocument>();
        string? token = null;
        do
        {
            var page = await Store.QueryAsync(query with { ContinuationToken = token }, Ct);
            Assert.True(page.Items.Count <= query.PageSize);
            found.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return found;
    }
}
