using Hub.Embedded.Idempotency;
using Hub.Embedded.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Embedded.Tests.Idempotency;

public sealed class when_a_record_outlives_its_window : IAsyncDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly EmbeddedHub _hub = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private SqliteIdempotencyStore Store() => _hub.Idempotency(_clock, Window);

    private Task<long> RowsAsync() => _hub.ScalarAsync("SELECT COUNT(*) FROM idempotency");

    /// <summary>Waits until every record queued so far is committed (the writer runs its queue in order).</summary>
    private Task CommittedAsync() => _hub.Writer.WriteAsync(_ => true);

    [Fact]
    public async Task it_is_found_right_after_recording_and_throughout_its_window()
    {
        var store = Store();

        await store.RecordAsync("order-webhook", "d-1", "ord_1", Ct);
        Assert.Equal("ord_1", await store.FindAsync("order-webhook", "d-1", Ct));
        await CommittedAsync();
        _clock.Advance(Window - TimeSpan.FromSeconds(1));

        Assert.Equal("ord_1", await store.FindAsync("order-webhook", "d-1", Ct));
    }

    [Fact]
    public async Task it_is_not_found_once_its_window_has_passed_even_before_a_purge()
    {
        var store = Store();
        await store.RecordAsync("order-webhook", "d-1", "ord_1", Ct);
        await CommittedAsync();

        _clock.Advance(Window + TimeSpan.FromSeconds(1));

        Assert.Null(await store.FindAsync("order-webhook", "d-1", Ct));
        Assert.Equal(1, await RowsAsync());
    }

    [Fact]
    public async Task a_purge_deletes_the_expired_rows_and_their_fingerprints_and_keeps_the_rest()
    {
        var store = Store();
        for (var i = 0; i < 12_000; i++) await store.RecordAsync("order-webhook", $"old-{i}", $"ord_old_{i}", Ct);
        await CommittedAsync();
        _clock.Advance(TimeSpan.FromMinutes(6));
        for (var i = 0; i < 3; i++) await store.RecordAsync("order-webhook", $"new-{i}", $"ord_new_{i}", Ct);
        await CommittedAsync();
        _clock.Advance(TimeSpan.FromMinutes(6));

        var deleted = await store.PurgeExpiredAsync(Ct);

        Assert.Equal(12_000, deleted);
        Assert.Equal(3, await RowsAsync());
        Assert.Equal(3, store.RecordsInMemory);
        Assert.Equal("ord_new_2", await store.FindAsync("order-webhook", "new-2", Ct));
        Assert.Null(await store.FindAsync("order-webhook", "old-0", Ct));
        Assert.Equal(0, await store.PurgeExpiredAsync(Ct));
    }

    [Fact]
    public async Task a_restart_finds_the_unexpired_records_and_loads_nothing_of_the_expired_ones()
    {
        var store = Store();
        await store.RecordAsync("order-webhook", "old", "ord_old", Ct);
        await CommittedAsync();
        _clock.Advance(TimeSpan.FromMinutes(8));
        await store.RecordAsync("order-webhook", "recent", "ord_recent", Ct);
        await _hub.RestartAsync();
        _clock.Advance(TimeSpan.FromMinutes(3));

        var restarted = Store();
        await CommittedAsync();

        Assert.Equal("ord_recent", await restarted.FindAsync("order-webhook", "recent", Ct));
        Assert.Null(await restarted.FindAsync("order-webhook", "old", Ct));
        Assert.Equal(1, restarted.RecordsInMemory);
        Assert.Equal(1, await RowsAsync());
    }

    [Fact]
    public async Task a_key_with_the_same_fingerprint_as_a_recorded_one_is_not_taken_for_a_duplicate()
    {
        var store = _hub.Idempotency(_clock, Window, fingerprint: (_, _) => 42);
        await store.RecordAsync("order-webhook", "d-1", "ord_1", Ct);
        await CommittedAsync();

        Assert.Null(await store.FindAsync("order-webhook", "d-2", Ct));
        await store.RecordAsync("order-webhook", "d-2", "ord_2", Ct);
        await CommittedAsync();

        Assert.Equal("ord_1", await store.FindAsync("order-webhook", "d-1", Ct));
        Assert.Equal("ord_2", await store.FindAsync("order-webhook", "d-2", Ct));
        Assert.Null(await store.FindAsync("order-webhook", "d-3", Ct));
        Assert.Equal(2, store.RecordsInMemory);
    }

    [Fact]
    public async Task records_sharing_a_fingerprint_expire_each_with_its_own_minute()
    {
        var store = _hub.Idempotency(_clock, Window, fingerprint: (_, _) => 42);
        await store.RecordAsync("order-webhook", "d-1", "ord_1", Ct);
        await CommittedAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));
        await store.RecordAsync("order-webhook", "d-2", "ord_2", Ct);
        await CommittedAsync();
        _clock.Advance(TimeSpan.FromMinutes(6));

        await store.PurgeExpiredAsync(Ct);

        Assert.Null(await store.FindAsync("order-webhook", "d-1", Ct));
        Assert.Equal("ord_2", await store.FindAsync("order-webhook", "d-2", Ct));
        Assert.Equal(1, store.RecordsInMemory);
    }

    [Fact]
    public async Task under_a_constant_stream_memory_and_rows_stay_at_one_window()
    {
        var store = Store();
        var counts = new List<(long Rows, int InMemory)>();
        for (var minute = 0; minute < 30; minute++)
        {
            for (var i = 0; i < 200; i++) await store.RecordAsync("order-webhook", $"m{minute}-{i}", "v", Ct);
            await CommittedAsync();
            _clock.Advance(TimeSpan.FromMinutes(1));
            await store.PurgeExpiredAsync(Ct);
            counts.Add((await RowsAsync(), store.RecordsInMemory));
        }

        // A window of 10 minutes holds 10 minutes of records, plus the one not yet over at the purge.
        Assert.All(counts.Skip(12), c => Assert.InRange(c.Rows, 10 * 200, 11 * 200));
        Assert.All(counts.Skip(12), c => Assert.Equal(c.Rows, c.InMemory));
    }
}
