using Hub.Contracts;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

public sealed class when_a_handler_fails_then_succeeds : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task it_is_delivered_three_times_and_not_dead_lettered()
    {
        var handler = new RecordingHandler
        {
            Before = (_, attempt) => attempt <= 2 ? throw new TimeoutException($"attempt {attempt} timed out") : Task.CompletedTask,
        };
        _hub.Subscribe(Topics.Stock, Subscriptions.ReadStore, handler.HandleAsync);
        var stock = TestEvents.Stock("stock-1");

        await _hub.Bus.PublishAsync(Topics.Stock, [stock], Ct);

        await Eventually.Until(() => handler.HandledCount == 1, "the event is handled");
        await Eventually.Until(async () => await _hub.PendingDeliveriesAsync(stock.Id!, Subscriptions.ReadStore) == 0, "the delivery is completed");
        Assert.Equal(3, handler.AttemptsOf(stock.Id!));
        Assert.Empty(await _hub.Bus.ListAsync(null, null, 100, Ct));
    }
}
