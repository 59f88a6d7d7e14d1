using System.Net;
using System.Text.Json;
using Hub.Azure.ReadStore;
using Hub.Contracts;
using Hub.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace Hub.Azure.Tests.ReadStore;

public sealed class when_documents_are_written_in_bulk_to_cosmos
{
    private const string Container = ReadStoreContainers.StockLevels;

    private readonly FakeContainer _container = new() { Stateful = true };
    private readonly CosmosReadStore _store;

    public when_documents_are_written_in_bulk_to_cosmos() =>
        _store = new CosmosReadStore((_, _) => Task.FromResult<Container>(_container), _ => Task.FromResult(true));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<int> WriteAsync(params VersionedDocument[] documents) => _store.UpsertNewerAsync(Container, documents, Ct);

    private async Task<string?> JsonAsync(string pk, string id) => (await _store.GetAsync(Container, pk, id, Ct))?.Json;

    /// <summary>The version in the stored envelope, or null when it has none.</summary>
    private long? StoredVersion(string pk, string id)
    {
        using var item = JsonDocument.Parse(_container.Items[(pk, id)].Json);
        return item.RootElement.TryGetProperty("version", out var version) ? version.GetInt64() : null;
    }

    private static string Envelope(string pk, string id, long version, string doc) =>
        $$"""{"id":"{{id}}","pk":"{{pk}}","doc":{{doc}},"version":{{version}}}""";

    private string[] Operations() => [.. _container.Calls.Select(c => c.Operation)];

    [Fact]
    public async Task a_missing_document_is_created_with_its_version_beside_the_callers_json()
    {
        var written = await WriteAsync(new VersionedDocument("wh-1", "sku-1", 3, """{"qty":5,"version":"theirs"}"""));

        Assert.Equal(1, written);
        Assert.Equal(["read", "create"], Operations());
        using var body = JsonDocument.Parse(_container.Calls[1].Body);
        Assert.Equal("sku-1", body.RootElement.GetProperty("id").GetString());
        Assert.Equal("wh-1", body.RootElement.GetProperty("pk").GetString());
        Assert.Equal(3, body.RootElement.GetProperty("version").GetInt64());
        Assert.Equal("""{"qty":5,"version":"theirs"}""", await JsonAsync("wh-1", "sku-1"));
    }

    [Fact]
    public async Task a_newer_version_replaces_the_stored_one_over_the_etag_it_read()
    {
        var etag = _container.Put("wh-1", "sku-1", Envelope("wh-1", "sku-1", 1, """{"qty":5}"""));

        var written = await WriteAsync(new VersionedDocument("wh-1", "sku-1", 2, """{"qty":7}"""));

        Assert.Equal(1, written);
        Assert.Equal(["read", "replace"], Operations());
        Assert.Equal(etag, _container.Calls[1].Options.IfMatchEtag);
        Assert.Equal("""{"qty":7}""", await JsonAsync("wh-1", "sku-1"));
        Assert.Equal(2, StoredVersion("wh-1", "sku-1"));
    }

    [Theory]
    [InlineData("3600000000000000000")]
    [InlineData("3.6E+18")]
    public async Task a_version_stored_before_versions_were_bounded_is_replaced_by_any_version(string storedVersion)
    {
        // What the stock projection wrote before (as-of seconds << 32), as an integer or as Cosmos's double renders it.
        _container.Put("wh-1", "sku-1", $$"""{"id":"sku-1","pk":"wh-1","doc":{"qty":9},"version":{{storedVersion}}}""");

        var written = await WriteAsync(new VersionedDocument("wh-1", "sku-1", 1, """{"qty":1}"""));

        Assert.Equal(1, written);
        Assert.Equal("""{"qty":1}""", await JsonAsync("wh-1", "sku-1"));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task an_older_or_equal_version_is_read_and_not_written(long version)
    {
        var stored = Envelope("wh-1", "sku-1", 5, """{"qty":5}""");
        var etag = _container.Put("wh-1", "sku-1", stored);

        var written = await WriteAsync(new VersionedDocument("wh-1", "sku-1", version, """{"qty":1}"""));

        Assert.Equal(0, written);
        Assert.Equal(["read"], Operations());
        Assert.Equal((stored, etag), _container.Items[("wh-1", "sku-1")]);
    }

    [Fact]
    public async Task a_document_written_by_a_plain_upsert_or_before_versions_is_replaced_by_any_version()
    {
        await _store.UpsertAsync(Container, "wh-1", "sku-1", """{"qty":9}""", WriteCondition.Always, Ct);
        _container.Put("wh-2", "sku-1", """{"id":"sku-1","pk":"wh-2","doc":{"qty":8}}""");

        var written = await WriteAsync(
            new VersionedDocument("wh-1", "sku-1", 0, """{"qty":1}"""),
            new VersionedDocument("wh-2", "sku-1", 0, """{"qty":2}"""));

        Assert.Equal(2, written);
        Assert.Equal("""{"qty":1}""", await JsonAsync("wh-1", "sku-1"));
        Assert.Equal("""{"qty":2}""", await JsonAsync("wh-2", "sku-1"));
    }

    [Fact]
    public async Task a_plain_upsert_over_a_versioned_document_leaves_it_without_a_version()
    {
        await WriteAsync(new VersionedDocument("wh-1", "sku-1", 10, """{"qty":10}"""));
        await _store.UpsertAsync(Container, "wh-1", "sku-1", """{"qty":9}""", WriteCondition.Always, Ct);

        var written = await WriteAsync(new VersionedDocument("wh-1", "sku-1", 1, """{"qty":1}"""));

        Assert.Equal(1, written);
        Assert.Equal(1, StoredVersion("wh-1", "sku-1"));
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
        var items = _container.Items.ToDictionary();
        var second = await _store.UpsertNewerAsync(Container, documents, Ct);

        Assert.Equal(3, first);
        Assert.Equal(0, second);
        Assert.Equal(items, _container.Items);
    }

    [Fact]
    public async Task it_returns_how_many_of_the_documents_were_written()
    {
        foreach (var id in new[] { "older", "equal", "newer" }) _container.Put("wh-1", id, Envelope("wh-1", id, 5, "{}"));
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
    public async Task a_thousand_documents_are_all_written_with_at_most_sixteen_requests_in_flight()
    {
        var container = new FakeContainer { Stateful = true, Latency = TimeSpan.FromMilliseconds(1) };
        var store = new CosmosReadStore((_, _) => Task.FromResult<Container>(container), _ => Task.FromResult(true));
        var documents = Enumerable.Range(0, 1000).Select(i => new VersionedDocument($"wh-{i % 7}", $"sku-{i:0000}", i, $$"""{"qty":{{i}}}""")).ToArray();

        var written = await store.UpsertNewerAsync(Container, documents, Ct);

        Assert.Equal(1000, written);
        Assert.Equal(1000, container.Items.Count);
        Assert.InRange(container.MaxInFlight, 2, CosmosReadStore.UpsertNewerParallelism);
        Assert.Equal("""{"qty":999}""", (await store.GetAsync(Container, "wh-5", "sku-0999", Ct))?.Json);
    }

    /// <summary>Another writer puts wh-1/sku-1 at <paramref name="version"/> just before the store's first write, once.</summary>
    private void WrittenConcurrentlyBeforeOurFirstWrite(long version, int quantity)
    {
        var interfered = false;
        _container.BeforeWrite = _ =>
        {
            if (interfered) return;
            interfered = true;
            _container.Put("wh-1", "sku-1", Envelope("wh-1", "sku-1", version, $$"""{"qty":{{quantity}}}"""));
        };
    }

    [Fact]
    public async Task an_etag_changed_by_an_older_concurrent_write_is_read_again_and_replaced()
    {
        _container.Put("wh-1", "sku-1", Envelope("wh-1", "sku-1", 1, """{"qty":1}"""));
        WrittenConcurrentlyBeforeOurFirstWrite(version: 2, quantity: 2);

        var written = await WriteAsync(new VersionedDocument("wh-1", "sku-1", 3, """{"qty":3}"""));

        Assert.Equal(1, written);
        Assert.Equal(["read", "replace", "read", "replace"], Operations());
        Assert.Equal("""{"qty":3}""", await JsonAsync("wh-1", "sku-1"));
        Assert.Equal(3, StoredVersion("wh-1", "sku-1"));
    }

    [Fact]
    public async Task a_newer_version_written_concurrently_wins_and_ours_is_not_written()
    {
        _container.Put("wh-1", "sku-1", Envelope("wh-1", "sku-1", 1, """{"qty":1}"""));
        WrittenConcurrentlyBeforeOurFirstWrite(version: 9, quantity: 9);

        var written = await WriteAsync(new VersionedDocument("wh-1", "sku-1", 3, """{"qty":3}"""));

        Assert.Equal(0, written);
        Assert.Equal(["read", "replace", "read"], Operations());
        Assert.Equal("""{"qty":9}""", await JsonAsync("wh-1", "sku-1"));
    }

    [Fact]
    public async Task a_document_created_concurrently_409_is_read_again_instead_of_overwritten()
    {
        WrittenConcurrentlyBeforeOurFirstWrite(version: 7, quantity: 7);

        var written = await WriteAsync(new VersionedDocument("wh-1", "sku-1", 5, """{"qty":5}"""));

        Assert.Equal(0, written);
        Assert.Equal(["read", "create", "read"], Operations());
        Assert.Equal("""{"qty":7}""", await JsonAsync("wh-1", "sku-1"));
    }

    [Fact]
    public async Task a_document_that_changes_under_every_attempt_fails_after_the_last_one()
    {
        _container.Put("wh-1", "sku-1", Envelope("wh-1", "sku-1", 1, """{"qty":1}"""));
        _container.BeforeWrite = _ => _container.Put("wh-1", "sku-1", Envelope("wh-1", "sku-1", 1, """{"qty":1}"""));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WriteAsync(new VersionedDocument("wh-1", "sku-1", 3, "{}")));

        Assert.Contains("sku-1", error.Message);
        Assert.Equal(2 * CosmosReadStore.UpsertNewerAttempts, _container.Calls.Count);
    }

    [Fact]
    public async Task other_failures_are_thrown()
    {
        _container.Responses.Enqueue(FakeContainer.Respond(HttpStatusCode.ServiceUnavailable));

        var e = await Assert.ThrowsAsync<CosmosException>(() => WriteAsync(new VersionedDocument("wh-1", "sku-1", 1, "{}")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
    }

    [Fact]
    public async Task a_version_cosmos_cannot_hold_exactly_fails_the_call_before_any_request()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            WriteAsync(new VersionedDocument("wh-1", "sku-1", 1, "{}"), new VersionedDocument("wh-1", "sku-2", ReadStoreKeys.MaxVersion + 1, "{}")));

        Assert.Empty(_container.Calls);
    }
}
