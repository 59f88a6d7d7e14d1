using Hub.Core.Idempotency;
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

    public ValueTask InitializeAsync()
    {
        var database = new SqliteDatabase(Path.Combine(_folder, "hub.db"));
        _writer = new SqliteWriter(database, NullLogger<SqliteWriter>.Instance);
        _readers = new SqliteReaders(database);
        _store = new ReadStoreIdempotencyStore(new SqliteReadStore(database, _readers, _writer));
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

    public async ValueTask DisposeAsync()
    {
        _readers.Dispose();
        await _writer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
