using Hub.Contracts;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

/// <summary>
/// Past its buffer, a subscription keeps waiting events as sequence numbers only and reads their bodies back when their
/// turn comes: memory stays bounded however far the publisher runs ahead, and nothing is lost or changed.
/// </summary>
public sealed class when_a_publisher_outruns_a_subscriber : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new(o => { o.MaxBufferedBytesPerSubscription = 2_000; o.MaxConcurrencyPerSubscription = 1; });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task events_beyond_the_buffer_are_read_back_from_sqlite_and_all_arrive_with_their_data()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler { Before = (_, _) => gate.Task };
        _hub.Subscribe(Topics.Stock, Subscriptions.ReadStore, handler.HandleAsync);

        // Each encoded event is a few hundred bytes: the first handful fit the 2,000-byte buffer, the rest wait in SQLite.
        for (var i = 0; i < 40; i++) await _hub.Bus.PublishAsync(Topics.Stock, [TestEvents.Stock($"outrun-{i}", i)], Ct);
        gate.SetResult();

        await Eventually.Until(() => handler.HandledCount == 40, "every event is handled");
        Assert.Equal(Enumerable.Range(0, 40).Select(i => ($"outrun-{i}", i)), handler.Handled.Select(h => (h.Id, h.Sequence)).OrderBy(h => h.Sequence));
        await Eventually.Until(async () => await _hub.PendingDeliveriesAsync("outrun-39", Subscriptions.ReadStore) == 0, "the deliveries are completed");
    }
}

public sealed class when_a_topic_has_a_concurrency_of_its_own : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task stock_events_are_handled_at_most_two_at_a_time()
    {
        var handler = new RecordingHandler { Before = (_, _) => Task.Delay(20, Ct) };
        _hub.Subscribe(Topics.Stock, Subscriptions.ReadStore, handler.HandleAsync);

        await _hub.Bus.PublishAsync(Topics.Stock, [.. Enumerable.Range(0, 20).Select(i => TestEvents.Stock($"limited-{i}", i))], Ct);

        await Eventually.Until(() => handler.HandledCount == 20, "every event is handled");
        Assert.Equal(2, handler.MaxConcurrency);
    }
}
