using Hub.Contracts;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

/// <summary>
/// On <c>stock</c>, read-store takes the stock events and runner only the run requests (their rows' event types): a message
/// is kept for the subscriptions that take its type, as a Service Bus subscription rule on the Subject keeps it.
/// </summary>
public sealed class when_subscriptions_take_only_some_event_types : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task each_subscription_is_delivered_only_the_types_its_row_takes()
    {
        var readStore = new RecordingHandler();
        var runner = new RecordingHandler();
        _hub.Subscribe(Topics.Stock, Subscriptions.ReadStore, readStore.HandleAsync);
        _hub.Subscribe(Topics.Stock, Subscriptions.Runner, runner.HandleAsync);

        await _hub.Bus.PublishAsync(Topics.Stock, [TestEvents.Stock("level-1"), TestRunRequests.RunRequested("run-1"), TestEvents.Stock("level-2")], Ct);

        await Eventually.Until(() => readStore.HandledCount == 2 && runner.HandledCount == 1, "each subscription has its events");
        await Eventually.Until(async () => await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages") == 0, "every message is completed and gone");
        Assert.Equal(["level-1", "level-2"], readStore.Handled.Select(h => h.Id).Order());
        Assert.Equal(["run-1"], runner.Handled.Select(h => h.Id));
    }

    [Fact]
    public async Task a_message_is_kept_only_for_the_subscriptions_that_take_its_type_even_with_nobody_listening()
    {
        await _hub.Bus.PublishAsync(Topics.Stock, [TestEvents.Stock("level-1"), TestRunRequests.RunRequested("run-1")], Ct);

        Assert.Equal(1, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_deliveries d JOIN bus_messages m ON m.seq = d.seq WHERE m.event_id = 'level-1'"));
        Assert.Equal(0, await _hub.PendingDeliveriesAsync("level-1", Subscriptions.Runner));
        Assert.Equal(1, await _hub.PendingDeliveriesAsync("run-1", Subscriptions.Runner));
        Assert.Equal(0, await _hub.PendingDeliveriesAsync("run-1", Subscriptions.ReadStore));
    }

    [Fact]
    public async Task an_event_no_subscription_takes_is_not_stored()
    {
        var nobodysType = HubCloudEventsFor("hub.stock.something.else.v1");

        await _hub.Bus.PublishAsync(Topics.Stock, [nobodysType], Ct);
        await _hub.Bus.PublishAsync(Topics.Matchmaking, [TestEvents.Stock("on-a-topic-nobody-consumes")], Ct);

        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages"));
    }

    [Fact]
    public async Task each_subscription_runs_as_many_handlers_at_once_as_its_row_allows()
    {
        var runner = new RecordingHandler { Before = (_, _) => Task.Delay(50, Ct) };
        var readStore = new RecordingHandler { Before = (_, _) => Task.Delay(50, Ct) };
        _hub.Subscribe(Topics.Stock, Subscriptions.Runner, runner.HandleAsync);
        _hub.Subscribe(Topics.Stock, Subscriptions.ReadStore, readStore.HandleAsync);

        await _hub.Bus.PublishAsync(Topics.Stock, [.. Enumerable.Range(0, 6).Select(i => TestRunRequests.RunRequested($"run-{i}"))], Ct);
        await _hub.Bus.PublishAsync(Topics.Stock, [.. Enumerable.Range(0, 8).Select(i => TestEvents.Stock($"level-{i}"))], Ct);

        await Eventually.Until(() => runner.HandledCount == 6 && readStore.HandledCount == 8, "every event is handled");
        Assert.Equal(Consumers.RunStockReport.MaxConcurrency, runner.MaxConcurrency);
        Assert.Equal(Consumers.ProjectStock.MaxConcurrency, readStore.MaxConcurrency);
    }

    private static CloudNative.CloudEvents.CloudEvent HubCloudEventsFor(string type) =>
        Hub.Core.Events.HubCloudEvents.Create("other-1", type, "urn:hub:tests", "WH-1", DateTimeOffset.UtcNow, new Step(0));
}
