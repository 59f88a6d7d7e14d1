using Hub.Contracts;
using Hub.Core.Events;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

public sealed class when_publishing_is_not_possible : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task publishing_to_an_unknown_topic_throws_argument_exception_and_stores_nothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _hub.Bus.PublishAsync("no-such-topic", [TestEvents.Stock("stock-1")], Ct));

        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages"));
    }

    [Fact]
    public void subscribing_to_a_subscription_the_topic_does_not_have_throws_argument_exception()
    {
        Assert.Throws<ArgumentException>(() => _hub.Bus.Subscribe(Topics.Stock, TestConsumers.PartnerPush, (_, _) => Task.CompletedTask));
    }

    [Fact]
    public async Task publishing_after_the_writer_is_disposed_throws_event_bus_unavailable()
    {
        await _hub.Writer.DisposeAsync();

        await Assert.ThrowsAsync<EventBusUnavailableException>(() => _hub.Bus.PublishAsync(Topics.Orders, [TestEvents.Order("order-1", 0)], Ct));

        Assert.Equal(0, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages"));
    }
}
