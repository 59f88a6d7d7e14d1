using Hub.Contracts;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

public sealed class when_events_are_published_before_anyone_subscribes : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task every_event_is_delivered_once_to_each_subscription_of_its_topic()
    {
        var orders = Enumerable.Range(0, 30).Select(i => TestEvents.Order($"order-{i % 5}", i / 5)).ToArray();
        var stock = Enumerable.Range(0, 10).Select(i => TestEvents.Stock($"stock-{i}")).ToArray();
        await _hub.Bus.PublishAsync(Topics.Orders, orders, Ct);
        await _hub.Bus.PublishAsync(Topics.Stock, stock, Ct);

        var readStore = new RecordingHandler();
        var partnerPush = new RecordingHandler();
        var stockReadStore = new RecordingHandler();
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, readStore.HandleAsync);
        _hub.Subscribe(Topics.Orders, TestConsumers.PartnerPush, partnerPush.HandleAsync);
        _hub.Subscribe(Topics.Stock, Subscriptions.ReadStore, stockReadStore.HandleAsync);

        await Eventually.Until(async () => await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_deliveries") == 0,
            "every delivery is completed");
        Assert.Equal(orders.Length, readStore.HandledCount);
        Assert.Equal(orders.Length, partnerPush.HandledCount);
        Assert.Equal(stock.Length, stockReadStore.HandledCount);
        Assert.All(orders, e => Assert.Equal(1, readStore.TimesHandled(e.Id!)));
        Assert.All(orders, e => Assert.Equal(1, partnerPush.TimesHandled(e.Id!)));
        Assert.All(stock, e => Assert.Equal(1, stockReadStore.TimesHandled(e.Id!)));
        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages"));
        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_completions"));
    }

    [Fact]
    public async Task a_subscription_that_does_not_consume_yet_keeps_its_copy_across_a_restart()
    {
        var orders = Enumerable.Range(0, 10).Select(i => TestEvents.Order($"order-{i % 2}", i / 2)).ToArray();
        await _hub.Bus.PublishAsync(Topics.Orders, orders, Ct);
        var readStore = new RecordingHandler();
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, readStore.HandleAsync);
        await Eventually.Until(async () => await _hub.ScalarAsync(
            "SELECT COUNT(*) FROM bus_deliveries WHERE subscription = 'read-store'") == 0, "read-store's deliveries are completed");
        Assert.Equal(orders.Length, readStore.HandledCount);
        Assert.Equal(orders.Length, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_deliveries WHERE subscription = 'partner-push'"));

        await _hub.RestartAsync();
        var readStoreAfter = new RecordingHandler();
        var partnerPush = new RecordingHandler();
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, readStoreAfter.HandleAsync);
        _hub.Subscribe(Topics.Orders, TestConsumers.PartnerPush, partnerPush.HandleAsync);
        // One more event per session: read-store gets it only after anything older on the session, were there any.
        var markers = new[] { TestEvents.Order("order-0", 5), TestEvents.Order("order-1", 5) };
        await _hub.Bus.PublishAsync(Topics.Orders, markers, Ct);

        await Eventually.Until(() => partnerPush.HandledCount == orders.Length + markers.Length, "partner-push has every event");
        await Eventually.Until(() => readStoreAfter.HandledCount == markers.Length, "read-store has the new events");
        Assert.Equal(orders.Concat(markers).Select(e => e.Id).Order(), partnerPush.Handled.Select(h => h.Id).Order());
        Assert.Equal(markers.Select(e => e.Id).Order(), readStoreAfter.Handled.Select(h => h.Id).Order());
        // Once both subscriptions have completed a message, neither it nor its completions stay behind.
        await Eventually.Until(async () => await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages") == 0, "every message is gone");
        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_completions"));
    }
}
