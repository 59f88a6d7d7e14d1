using Hub.Contracts;
using Hub.Core.Telemetry;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Telemetry;

public sealed class when_the_embedded_bus_is_counted : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new(o => o.MaxDeliveryAttempts = 2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private BusSubscriptionCounts CountOf(string topic, string subscription) =>
        Assert.Single(_hub.Bus.Count(), c => c.Topic == topic && c.Subscription == subscription);

    [Fact]
    public void an_empty_bus_counts_zero_for_every_subscription_of_every_topic()
    {
        var counts = _hub.Bus.Count();

        Assert.Equal(_hub.Consumers.Count, counts.Count);
        Assert.All(counts, c => Assert.Equal((0L, 0L), (c.Backlog, c.DeadLetters)));
    }

    [Fact]
    public async Task events_wait_per_subscription_until_handled_and_a_dead_letter_leaves_the_backlog_for_the_dead_letter_count()
    {
        await _hub.Bus.PublishAsync(Topics.Orders, [TestEvents.Order("O-COUNT-1", 1), TestEvents.Order("O-COUNT-2", 1), TestEvents.Order("O-COUNT-3", 1)], Ct);

        Assert.Equal((3L, 0L), (CountOf(Topics.Orders, Subscriptions.ReadStore).Backlog, CountOf(Topics.Orders, Subscriptions.ReadStore).DeadLetters));
        Assert.Equal(3L, CountOf(Topics.Orders, TestConsumers.PartnerPush).Backlog);

        var projecting = false;
        var handler = new RecordingHandler
        {
            Before = (e, _) => e.Subject == "O-COUNT-2" && !Volatile.Read(ref projecting) ? throw new InvalidOperationException("cannot project") : Task.CompletedTask,
        };
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, handler.HandleAsync);

        await Eventually.Until(() => CountOf(Topics.Orders, Subscriptions.ReadStore) is { Backlog: 0, DeadLetters: 1 },
            "two are completed and one is dead-lettered");
        // The other subscription has nobody consuming it here: its messages still wait.
        Assert.Equal((3L, 0L), (CountOf(Topics.Orders, TestConsumers.PartnerPush).Backlog, CountOf(Topics.Orders, TestConsumers.PartnerPush).DeadLetters));

        var dead = Assert.Single(await _hub.Bus.ListAsync(Topics.Orders, Subscriptions.ReadStore, 10, Ct));
        Volatile.Write(ref projecting, true);
        Assert.True(await _hub.Bus.ReplayAsync(dead.Id, Ct));
        await Eventually.Until(() => CountOf(Topics.Orders, Subscriptions.ReadStore) is { Backlog: 0, DeadLetters: 0 },
            "the replayed dead letter is handled");
    }
}
