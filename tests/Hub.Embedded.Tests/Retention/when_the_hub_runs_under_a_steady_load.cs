using Hub.Contracts;
using Hub.Embedded.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Embedded.Tests.Retention;

/// <summary>
/// Publish, consume and record at a constant rate, purging as the sweep does: the bus tables stay empty between rounds
/// and the file stops growing once the window is full, because SQLite reuses the pages the deletes free.
/// </summary>
public sealed class when_the_hub_runs_under_a_steady_load : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task completed_messages_do_not_pile_up_and_the_file_stays_the_same_size_once_the_window_is_full()
    {
        var consumed = 0;
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, (_, _) => { Interlocked.Increment(ref consumed); return Task.CompletedTask; });
        _hub.Subscribe(Topics.Orders, TestConsumers.PartnerPush, (_, _) => { Interlocked.Increment(ref consumed); return Task.CompletedTask; });
        var records = _hub.Idempotency(_clock, TimeSpan.FromMinutes(3));
        var rounds = new List<(long Messages, long Completions, long Pages, long FreePages)>();
        for (var round = 0; round < 20; round++)
        {
            var events = Enumerable.Range(0, 1000).Select(i => TestEvents.Order($"order-{round}-{i % 50}", i / 50)).ToArray();
            for (var i = 0; i < events.Length; i += 100) await _hub.Bus.PublishAsync(Topics.Orders, events[i..(i + 100)], Ct);
            foreach (var e in events) await records.RecordAsync("order-webhook", e.Id!, e.Id!, Ct);
            var expected = (round + 1) * 2 * events.Length;
            await Eventually.Until(() => Volatile.Read(ref consumed) == expected, "every event is consumed by both subscriptions");
            await Eventually.Until(async () => await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages") == 0, "completed messages are deleted");
            _clock.Advance(TimeSpan.FromMinutes(1));
            await records.PurgeExpiredAsync(Ct);
            rounds.Add((await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages"), await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_completions"),
                await _hub.ScalarAsync("PRAGMA page_count"), await _hub.ScalarAsync("PRAGMA freelist_count")));
        }

        Assert.All(rounds, r => Assert.Equal((0L, 0L), (r.Messages, r.Completions)));
        // Past the window (3 minutes) and a few rounds for the freed pages to be spread where new rows land, the file grows
        // no more than a page allocation now and then (measured: 37, 53, 64 ... 64, 72, 72 pages). Without the purge each
        // round's thousand records would add a dozen pages: about a hundred over the last eight rounds.
        var last = rounds.TakeLast(8).Select(r => r.Pages).ToList();
        Assert.True(last.Max() - last.Min() <= 16, $"The file still grows: {string.Join(", ", rounds.Select(r => r.Pages))} pages.");
        Assert.True(rounds[^1].FreePages > 0, "the deletes left pages for the next rows");
    }
}
