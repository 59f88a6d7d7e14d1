using Hub.Contracts;
using Hub.Core.Events;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

public sealed class when_the_process_restarts : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task events_published_before_it_are_all_delivered_after_it()
    {
        var orders = Enumerable.Range(0, 20).Select(i => TestEvents.Order($"order-{i % 4}", i / 4)).ToArray();
        var stock = Enumerable.Range(0, 10).Select(i => TestEvents.Stock($"stock-{i}")).ToArray();
        foreach (var e in orders) await _hub.Bus.PublishAsync(Topics.Orders, [e], Ct);
        await _hub.Bus.PublishAsync(Topics.Stock, stock, Ct);

        await _hub.RestartAsync();
        var readStore = new RecordingHandler();
        var partnerPush = new RecordingHandler();
        var stockReadStore = new RecordingHandler();
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, readStore.HandleAsync);
        _hub.Subscribe(Topics.Orders, TestConsumers.PartnerPush, partnerPush.HandleAsync);
        _hub.Subscribe(Topics.Stock, Subscriptions.ReadStore, stockReadStore.HandleAsync);

        await Eventually.Until(() => readStore.HandledCount == orders.Length && partnerPush.HandledCount == orders.Length
            && stockReadStore.HandledCount == stock.Length, "every event is delivered to every subscription");
        foreach (var handler in new[] { readStore, partnerPush })
        {
            Assert.Equal(orders.Select(e => e.Id).Order(), handler.Handled.Select(h => h.Id).Order());
            foreach (var session in handler.Handled.GroupBy(h => h.Subject))
                Assert.Equal(Enumerable.Range(0, 5), session.Select(h => h.Sequence));
        }
        Assert.Equal(stock.Select(e => e.Id).Order(), stockReadStore.Handled.Select(h => h.Id).Order());
    }

    [Fact]
    public async Task a_delivery_completed_before_it_is_not_redelivered_after_it()
    {
        var before = new RecordingHandler();
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, before.HandleAsync);
        var first = TestEvents.Order("order-1", 0);
        await _hub.Bus.PublishAsync(Topics.Orders, [first], Ct);
        await Eventually.Until(() => before.HandledCount == 1, "the event is handled");
        await Eventually.Until(async () => await _hub.PendingDeliveriesAsync(first.Id!, Subscriptions.ReadStore) == 0, "its completion is committed");

        await _hub.RestartAsync();
        var after = new RecordingHandler();
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, after.HandleAsync);
        // The same session: were the first event still pending, it would be handled before this one.
        var second = TestEvents.Order("order-1", 1);
        await _hub.Bus.PublishAsync(Topics.Orders, [second], Ct);

        await Eventually.Until(() => after.HandledCount >= 1, "the event published after the restart is handled");
        Assert.Equal([second.Id], after.Handled.Select(h => h.Id));
    }

    [Fact]
    public async Task failed_attempts_before_it_count_towards_the_dead_letter_limit()
    {
        var failing = new RecordingHandler { Before = (_, _) => throw new InvalidOperationException("still failing") };
        _hub.Subscribe(Topics.Stock, Subscriptions.ReadStore, failing.HandleAsync);
        var stock = TestEvents.Stock("stock-1");
        await _hub.Bus.PublishAsync(Topics.Stock, [stock], Ct);
        // Hold the event in retry long enough to restart before it is dead-lettered.
        await Eventually.Until(async () => await _hub.ScalarAsync("SELECT MAX(attempts) FROM bus_deliveries") >= 3, "three failures are recorded");

        await _hub.RestartAsync();
        var failingAfter = new RecordingHandler { Before = (_, _) => throw new InvalidOperationException("still failing") };
        _hub.Subscribe(Topics.Stock, Subscriptions.ReadStore, failingAfter.HandleAsync);

        IReadOnlyList<DeadLetter> deadLetters = [];
        await Eventually.Until(async () => (deadLetters = await _hub.Bus.ListAsync(Topics.Stock, null, 10, Ct)).Count > 0, "the event is dead-lettered");
        Assert.Equal(10, Assert.Single(deadLetters).Attempts);
        Assert.InRange(failingAfter.AttemptsOf(stock.Id!), 1, 7);
    }

    [Fact]
    public async Task a_dead_letter_is_kept_and_can_be_replayed_after_it()
    {
        var failing = new RecordingHandler { Before = (_, _) => throw new InvalidOperationException("rejected") };
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, failing.HandleAsync);
        var order = TestEvents.Order("order-1", 0);
        await _hub.Bus.PublishAsync(Topics.Orders, [order], Ct);
        await Eventually.Until(async () => (await _hub.Bus.ListAsync(Topics.Orders, Subscriptions.ReadStore, 10, Ct)).Count == 1, "the event is dead-lettered");

        await _hub.RestartAsync();
        var succeeding = new RecordingHandler();
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, succeeding.HandleAsync);
        var deadLetter = Assert.Single(await _hub.Bus.ListAsync(Topics.Orders, Subscriptions.ReadStore, 10, Ct));
        Assert.Equal(0, succeeding.AttemptsOf(order.Id!));

        Assert.True(await _hub.Bus.ReplayAsync(deadLetter.Id, Ct));

        await Eventually.Until(() => succeeding.TimesHandled(order.Id!) == 1, "the replayed event is handled");
        Assert.Empty(await _hub.Bus.ListAsync(null, null, 10, Ct));
    }
}
