using Hub.Contracts;
using Hub.Core.Events;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

public sealed class when_a_handler_keeps_failing : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new();
    private readonly RecordingHandler _handler = new();
    private readonly CloudNative.CloudEvents.CloudEvent _poison = TestEvents.Order("order-1", 0);
    private readonly CloudNative.CloudEvents.CloudEvent _next = TestEvents.Order("order-1", 1);
    private bool _failing = true;

    public when_a_handler_keeps_failing()
    {
        _handler.Before = (e, attempt) => Volatile.Read(ref _failing) && e.Id == _poison.Id
            ? throw new InvalidOperationException($"attempt {attempt}: the buyer is unknown")
            : Task.CompletedTask;
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, _handler.HandleAsync);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task it_is_dead_lettered_after_ten_attempts_with_the_last_error()
    {
        await _hub.Bus.PublishAsync(Topics.Orders, [_poison], Ct);

        var deadLetter = await WaitForDeadLetterAsync();

        Assert.Equal(10, deadLetter.Attempts);
        Assert.Equal(10, _handler.AttemptsOf(_poison.Id!));
        Assert.Contains("attempt 10: the buyer is unknown", deadLetter.LastError);
        Assert.Contains(nameof(InvalidOperationException), deadLetter.LastError);
        Assert.Equal(_poison.Id, deadLetter.EventId);
        Assert.Equal(_poison.Type, deadLetter.EventType);
        Assert.Equal("order-1", deadLetter.Subject);
        Assert.Equal(Topics.Orders, deadLetter.Topic);
        Assert.Equal(Subscriptions.ReadStore, deadLetter.Subscription);
        Assert.Equal(0, _handler.TimesHandled(_poison.Id!));
        Assert.Empty(await _hub.Bus.ListAsync(Topics.Orders, TestConsumers.PartnerPush, 100, Ct));
        Assert.Empty(await _hub.Bus.ListAsync(Topics.Stock, null, 100, Ct));
    }

    [Fact]
    public async Task its_session_proceeds_once_it_is_dead_lettered()
    {
        await _hub.Bus.PublishAsync(Topics.Orders, [_poison, _next], Ct);

        await Eventually.Until(() => _handler.TimesHandled(_next.Id!) == 1, "the next event on the session is handled");
        Assert.Equal(10, _handler.AttemptsOf(_poison.Id!));
        Assert.Single(await _hub.Bus.ListAsync(Topics.Orders, Subscriptions.ReadStore, 100, Ct));
    }

    [Fact]
    public async Task replaying_it_redelivers_it_and_it_leaves_the_dead_letters()
    {
        await _hub.Bus.PublishAsync(Topics.Orders, [_poison], Ct);
        var deadLetter = await WaitForDeadLetterAsync();
        Volatile.Write(ref _failing, false);

        Assert.True(await _hub.Bus.ReplayAsync(deadLetter.Id, Ct));

        await Eventually.Until(() => _handler.TimesHandled(_poison.Id!) == 1, "the replayed event is handled");
        Assert.Empty(await _hub.Bus.ListAsync(null, null, 100, Ct));
        await Eventually.Until(async () => await _hub.PendingDeliveriesAsync(_poison.Id!, Subscriptions.ReadStore) == 0, "the replayed delivery is completed");
        Assert.Equal(11, _handler.AttemptsOf(_poison.Id!));
        Assert.False(await _hub.Bus.ReplayAsync(deadLetter.Id, Ct));
    }

    [Theory]
    [InlineData("999999.read-store")]
    [InlineData("1.no-such-subscription")]
    [InlineData("read-store")]
    [InlineData("not-a-dead-letter-id")]
    [InlineData("")]
    public async Task replaying_an_unknown_id_returns_false(string id)
    {
        await _hub.Bus.PublishAsync(Topics.Orders, [_poison], Ct);
        await WaitForDeadLetterAsync();

        Assert.False(await _hub.Bus.ReplayAsync(id, Ct));
        Assert.Single(await _hub.Bus.ListAsync(null, null, 100, Ct));
    }

    private async Task<DeadLetter> WaitForDeadLetterAsync()
    {
        IReadOnlyList<DeadLetter> deadLetters = [];
        await Eventually.Until(async () => (deadLetters = await _hub.Bus.ListAsync(Topics.Orders, Subscriptions.ReadStore, 100, Ct)).Count > 0,
            "the event is dead-lettered");
        return Assert.Single(deadLetters);
    }
}
