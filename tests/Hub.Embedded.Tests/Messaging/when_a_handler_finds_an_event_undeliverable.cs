using Hub.Contracts;
using Hub.Core.Events;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

/// <summary>
/// A handler that throws <see cref="UndeliverableEventException"/> (a partner refused the order) gets no more attempts: the
/// message is dead-lettered at once with the handler's reason, its session moves on, and a replay delivers it again.
/// </summary>
public sealed class when_a_handler_finds_an_event_undeliverable : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new();
    private readonly RecordingHandler _handler = new();
    private readonly CloudNative.CloudEvents.CloudEvent _refused = TestEvents.Order("order-1", 0);
    private readonly CloudNative.CloudEvents.CloudEvent _next = TestEvents.Order("order-1", 1);
    private bool _refusing = true;

    public when_a_handler_finds_an_event_undeliverable()
    {
        _handler.Before = (e, attempt) => Volatile.Read(ref _refusing) && e.Id == _refused.Id
            ? throw new UndeliverableEventException($"partner my-ewtp refused order-1 (attempt {attempt}): 400 missing buyer address")
            : Task.CompletedTask;
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, _handler.HandleAsync);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task it_is_dead_lettered_after_one_attempt_with_the_handlers_message()
    {
        await _hub.Bus.PublishAsync(Topics.Orders, [_refused, _next], Ct);

        var deadLetter = await WaitForDeadLetterAsync();
        await Eventually.Until(() => _handler.TimesHandled(_next.Id!) == 1, "the next event on the session is handled");

        Assert.Equal(1, deadLetter.Attempts);
        Assert.Equal(1, _handler.AttemptsOf(_refused.Id!));
        Assert.Contains("partner my-ewtp refused order-1 (attempt 1): 400 missing buyer address", deadLetter.LastError);
        Assert.Equal(_refused.Id, deadLetter.EventId);
    }

    [Fact]
    public async Task replaying_it_once_the_cause_is_fixed_delivers_it()
    {
        await _hub.Bus.PublishAsync(Topics.Orders, [_refused], Ct);
        var deadLetter = await WaitForDeadLetterAsync();
        Volatile.Write(ref _refusing, false);

        Assert.True(await _hub.Bus.ReplayAsync(deadLetter.Id, Ct));

        await Eventually.Until(() => _handler.TimesHandled(_refused.Id!) == 1, "the replayed event is handled");
        Assert.Empty(await _hub.Bus.ListAsync(null, null, 100, Ct));
        Assert.Equal(2, _handler.AttemptsOf(_refused.Id!));
    }

    private async Task<DeadLetter> WaitForDeadLetterAsync()
    {
        IReadOnlyList<DeadLetter> deadLetters = [];
        await Eventually.Until(async () => (deadLetters = await _hub.Bus.ListAsync(Topics.Orders, Subscriptions.ReadStore, 100, Ct)).Count > 0,
            "the event is dead-lettered");
        return Assert.Single(deadLetters);
    }
}
