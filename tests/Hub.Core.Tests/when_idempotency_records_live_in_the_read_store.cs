using Hub.Core.Idempotency;
using Hub.Core.Storage;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Core.Tests;

/// <summary>The Azure hosts keep idempotency records in the read store; exercised here over the real SQLite one.</summary>
public sealed class when_idempotency_records_live_in_the_read_store : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-idem-" + Guid.NewGuid().ToString("N"));
    private SqliteWriter _writer = null!;
    private SqliteReaders _readers = null!;
    private ReadStoreIdempotencyStore _store = null!;
    private SqliteReadStore _documents = null!;

    public ValueTask InitializeAsync()
    {
        var database = new SqliteDatabase(Path.Combine(_folder, "hub.db"));
        _writer = new SqliteWriter(database, NullLogger<SqliteWriter>.Instance);
        _readers = new SqliteReaders(database);
        _documents = new SqliteReadStore(database, _readers, _writer);
        _store = new ReadStoreIdempotencyStore(_documents);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task a_new_key_is_unknown_and_a_recorded_key_keeps_its_first_value()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Null(await _store.FindAsync("order-webhook", "ord_1", ct));

        await _store.RecordAsync("order-webhook", "ord_1", "first", ct);
        await _store.RecordAsync("order-webhook", "ord_1", "second", ct);

        Assert.Equal("first", await _store.FindAsync("order-webhook", "ord_1", ct));
        Assert.Null(await _store.FindAsync("other-scope", "ord_1", ct));
    }

    [Fact]
    public async Task one_scopes_records_spread_over_many_partitions_each_found_by_its_key()
    {
        var ct = TestContext.Current.CancellationToken;
        var keys = Enumerable.Range(0, 200).Select(i => $"delivery-{i}").ToList();
        foreach (var key in keys) await _store.RecordAsync("order-webhook", key, key.ToUpperInvariant(), ct);

        var partitions = new HashSet<string>();
        string? token = null;
        do
        {
            var page = await _documents.QueryAsync(new DocumentQuery(ReadStoreIdempotencyStore.Container) { PageSize = 1000, ContinuationToken = token }, ct);
            foreach (var document in page.Items) partitions.Add(document.PartitionKey);
            token = page.ContinuationToken;
        }
        while (token is not null);

        // 200 keys over 256 buckets: far from all in one; a fixed hash, so the same count every run.
        Assert.True(partitions.Count > 100, $"{partitions.Count} partitions");
        Assert.All(partitions, p => Assert.Matches("^order-webhook:[0-9a-f]{2}$", p));
        foreach (var key in keys) Assert.Equal(key.ToUpperInvariant(), await _store.FindAsync("order-webhook", key, ct));
    }

    [Fact]
    public async Task a_key_with_characters_cosmos_ids_cannot_hold_is_recorded_and_found()
    {
        var ct = TestContext.Current.CancellationToken;

        await _store.RecordAsync("order-webhook", "acme/2026#1?", "first", ct);

        Assert.Equal("first", await _store.FindAsync("order-webhook", "acme/2026#1?", ct));
        Assert.Equal(ReadStoreIdempotencyStore.PartitionKey("order-webhook", "acme/2026#1?"),
            (await _documents.QueryAsync(new DocumentQuery(ReadStoreIdempotencyStore.Container) { Id = "acme/2026#1?" }, ct)).Items.Single().PartitionKey);
    }

    public async ValueTask DisposeAsync()
    {
        _readers.Dispose();
        await _writer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
