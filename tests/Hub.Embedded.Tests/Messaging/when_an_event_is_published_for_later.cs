using Hub.Contracts;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

/// <summary>Deferred work through the bus: an event published for later waits in SQLite, so a restart loses nothing of it.</summary>
public sealed class when_an_event_is_published_for_later : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task it_is_not_delivered_before_its_time_and_is_delivered_after_it()
    {
        var runner = new RecordingHandler();
        _hub.Subscribe(Topics.Stock, Subscriptions.Runner, runner.HandleAsync);
        var due = DateTimeOffset.UtcNow.AddMilliseconds(800);

        await _hub.Bus.PublishLaterAsync(Topics.Stock, TestRunRequests.RunRequested("later-1"), due, Ct);
        await _hub.Bus.PublishAsync(Topics.Stock, [TestRunRequests.RunRequested("now-1")], Ct);

        await Eventually.Until(() => runner.HandledCount == 1, "the event for now is handled");
        Assert.Equal(["now-1"], runner.Handled.Select(h => h.Id));
        await Eventually.Until(() => runner.HandledCount == 2, "the event for later is handled");
        AssertNotBefore(due);
    }

    [Fact]
    public async Task it_survives_a_restart_and_is_delivered_at_its_time_after_it()
    {
        var due = DateTimeOffset.UtcNow.AddSeconds(1);
        await _hub.Bus.PublishLaterAsync(Topics.Stock, TestRunRequests.RunRequested("later-1"), due, Ct);

        await _hub.RestartAsync();
        var runner = new RecordingHandler();
        _hub.Subscribe(Topics.Stock, Subscriptions.Runner, runner.HandleAsync);

        await Task.Delay(200, Ct);
        Assert.Equal(0, runner.HandledCount);
        await Eventually.Until(() => runner.HandledCount == 1, "the event is handled after the restart");
        AssertNotBefore(due);
    }

    [Fact]
    public async Task the_same_id_published_again_while_it_waits_is_kept_once()
    {
        var due = DateTimeOffset.UtcNow.AddMilliseconds(300);

        await _hub.Bus.PublishLaterAsync(Topics.Stock, TestRunRequests.RunRequested("retry-2"), due, Ct);
        await _hub.Bus.PublishLaterAsync(Topics.Stock, TestRunRequests.RunRequested("retry-2"), due.AddSeconds(5), Ct);
        var runner = new RecordingHandler();
        _hub.Subscribe(Topics.Stock, Subscriptions.Runner, runner.HandleAsync);

        Assert.Equal(1, await _hub.ScalarAsync("SELECT COUNT(*) FROM bus_messages WHERE event_id = 'retry-2'"));
        await Eventually.Until(() => runner.HandledCount == 1, "the event is handled");
        await Task.Delay(300, Ct);
        Assert.Equal(1, runner.HandledCount);
    }

    /// <summary>
    /// Within a few milliseconds: times are kept to the millisecond, and the wait runs on the monotonic clock while
    /// the wall clock read here may step.
    /// </summary>
    private static void AssertNotBefore(DateTimeOffset due) =>
        Assert.True(DateTimeOffset.UtcNow >= due.AddMilliseconds(-20), $"delivered at {DateTimeOffset.UtcNow:O}, before its time {due:O}");

    [Fact]
    public async Task a_time_already_past_is_delivered_at_once()
    {
        var runner = new RecordingHandler();
        _hub.Subscribe(Topics.Stock, Subscriptions.Runner, runner.HandleAsync);

        await _hub.Bus.PublishLaterAsync(Topics.Stock, TestRunRequests.RunRequested("overdue"), DateTimeOffset.UtcNow.AddMinutes(-1), Ct);

        await Eventually.Until(() => runner.HandledCount == 1, "the overdue event is handled");
    }
}
