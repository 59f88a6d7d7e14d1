using Hub.Contracts;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

/// <summary>
/// A data folder written by a build that declared other subscriptions (orders/partner-push, which nothing consumed) is
/// brought in line at start: what only the retired subscription held is deleted, what another still holds stays for it,
/// and a subscription declared anew gets a bit of its own without being handed the messages published before it existed.
/// </summary>
public sealed class when_the_declared_subscriptions_change : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task messages_held_only_by_a_retired_subscription_are_purged_and_the_others_still_delivered()
    {
        var readStore = new RecordingHandler();
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, readStore.HandleAsync);
        var handled = Enumerable.Range(0, 5).Select(i => TestEvents.Order($"order-{i}", 0)).ToArray();
        await _hub.Bus.PublishAsync(Topics.Orders, handled, Ct);
        await Eventually.Until(async () => await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_completions") == handled.Length, "read-store's completions are written");
        await _hub.RestartAsync();
        // Published while read-store is not listening: held by both subscriptions.
        var waiting = TestEvents.Order("order-waiting", 0);
        await _hub.Bus.PublishAsync(Topics.Orders, [waiting], Ct);
        Assert.Equal(handled.Length + 1, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages"));

        _hub.Consumers = TestConsumers.WithoutPartnerPush;
        await _hub.RestartAsync();

        Assert.Equal([waiting.Id!], await _hub.StringsAsync("SELECT event_id FROM bus_messages"));
        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_subscriptions WHERE subscription = 'partner-push'"));
        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_completions"));
        Assert.Throws<ArgumentException>(() => _hub.Bus.Subscribe(Topics.Orders, TestConsumers.PartnerPush, (_, _) => Task.CompletedTask));
        var after = new RecordingHandler();
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, after.HandleAsync);
        await Eventually.Until(() => after.HandledCount == 1, "the waiting event reaches read-store");
        await Eventually.Until(async () => await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages") == 0, "and, completed by its last subscription, goes");
    }

    [Fact]
    public async Task a_subscription_declared_anew_takes_a_free_bit_and_gets_only_what_is_published_after()
    {
        _hub.Consumers = TestConsumers.WithoutPartnerPush;
        await _hub.RestartAsync();
        var before = TestEvents.Order("order-before", 0);
        await _hub.Bus.PublishAsync(Topics.Orders, [before], Ct);

        _hub.Consumers = TestConsumers.All;
        await _hub.RestartAsync();
        var after = TestEvents.Order("order-after", 0);
        await _hub.Bus.PublishAsync(Topics.Orders, [after], Ct);
        var partnerPush = new RecordingHandler();
        var readStore = new RecordingHandler();
        _hub.Subscribe(Topics.Orders, TestConsumers.PartnerPush, partnerPush.HandleAsync);
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, readStore.HandleAsync);

        await Eventually.Until(() => readStore.HandledCount == 2 && partnerPush.HandledCount == 1, "each subscription has its events");
        Assert.Equal([after.Id], partnerPush.Handled.Select(h => h.Id));
        Assert.Equal(["order-after/0", "order-before/0"], readStore.Handled.Select(h => h.Id).Order());
        Assert.Equal(2, await _hub.ScalarAsync("SELECT COUNT(DISTINCT bit) FROM bus_subscriptions WHERE topic = 'orders'"));
    }
}
