using Hub.Contracts;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

public sealed class when_a_session_head_keeps_failing : IAsyncDisposable
{
    // Enough attempts that the head stays in retry for the whole test instead of being dead-lettered.
    private readonly EmbeddedHub _hub = new(o => o.MaxDeliveryAttempts = 1_000_000);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task only_its_own_session_waits_and_it_resumes_in_order_once_the_head_succeeds()
    {
        var failing = true;
        var handler = new RecordingHandler
        {
            Before = (e, _) => Volatile.Read(ref failing) && e.Subject == "order-stuck"
                ? throw new InvalidOperationException("the partner is down")
                : Task.CompletedTask,
        };
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, handler.HandleAsync);

        var stuck = Enumerable.Range(0, 3).Select(i => TestEvents.Order("order-stuck", i)).ToArray();
        var others = Enumerable.Range(0, 50).Select(i => TestEvents.Order($"order-{i % 10}", i / 10)).ToArray();
        await _hub.Bus.PublishAsync(Topics.Orders, [stuck[0], .. others[..25], stuck[1], .. others[25..], stuck[2]], Ct);

        await Eventually.Until(() => handler.HandledCount == others.Length, "every other session's events are handled");
        await Eventually.Until(() => handler.AttemptsOf(stuck[0].Id!) >= 5, "the stuck head is retried");
        Assert.Equal(0, handler.AttemptsOf(stuck[1].Id!));
        Assert.Equal(0, handler.AttemptsOf(stuck[2].Id!));
        Assert.DoesNotContain(handler.Handled, h => h.Subject == "order-stuck");

        Volatile.Write(ref failing, false);

        await Eventually.Until(() => handler.HandledCount == others.Length + stuck.Length, "the stuck session is handled");
        Assert.Equal([0, 1, 2], handler.Handled.Where(h => h.Subject == "order-stuck").Select(h => h.Sequence));
    }
}
