using Hub.Contracts;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

public sealed class when_publishers_race_on_one_session : IAsyncDisposable
{
    private const int Publishers = 300;

    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task the_session_is_handled_in_the_order_the_bus_stored_the_events()
    {
        var readStore = new RecordingHandler();
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, readStore.HandleAsync);

        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(i =>
            Task.Run(() => _hub.Bus.PublishAsync(Topics.Orders, [TestEvents.Order("order-1", i)], Ct), Ct)));

        await Eventually.Until(() => readStore.HandledCount >= Publishers, "every event is handled");
        // partner-push does not consume here, so every message is still stored, in the bus's order.
        var stored = await _hub.StringsAsync("SELECT event_id FROM bus_messages ORDER BY seq");
        Assert.Equal(stored, readStore.Handled.Select(h => h.Id));
    }

    [Fact]
    public async Task a_subscriber_starting_meanwhile_gets_each_event_once_in_the_stored_order()
    {
        var readStore = new RecordingHandler();
        var publishing = Task.WhenAll(Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++) await _hub.Bus.PublishAsync(Topics.Orders, [TestEvents.Order($"order-{p}", i)], Ct);
        }, Ct)));
        await Eventually.Until(async () => await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages") >= 50, "publishing is under way");

        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, readStore.HandleAsync);
        await publishing;

        await Eventually.Until(async () => await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_deliveries WHERE subscription = 'read-store'") == 0,
            "every delivery is completed");
        foreach (var session in readStore.Handled.GroupBy(h => h.Subject))
            Assert.Equal(Enumerable.Range(0, 100), session.Select(h => h.Sequence));
        Assert.Equal(400, readStore.HandledCount);
    }
}
