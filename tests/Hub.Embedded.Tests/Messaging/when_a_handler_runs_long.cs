using Hub.Contracts;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

/// <summary>
/// The embedded bus holds no lock that could run out: a delivery belongs to its handler until the handler returns, however
/// long that takes (Service Bus renews its lock for the row's longest run to the same end).
/// </summary>
public sealed class when_a_handler_runs_long : IAsyncDisposable
{
    // Retries as quick as they go: were a running delivery ever handed out again, it would be within these.
    private readonly EmbeddedHub _hub = new(o => { o.RetryBaseDelay = TimeSpan.FromMilliseconds(1); o.RetryMaxDelay = TimeSpan.FromMilliseconds(1); });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task it_is_never_redelivered_while_it_runs()
    {
        var runner = new RecordingHandler { Before = (_, _) => Task.Delay(TimeSpan.FromSeconds(2), Ct) };
        _hub.Subscribe(Topics.Stock, Subscriptions.Runner, runner.HandleAsync);

        await _hub.Bus.PublishAsync(Topics.Stock, [TestRunRequests.RunRequested("long-run")], Ct);

        await Eventually.Until(() => runner.HandledCount == 1, "the long run ends");
        Assert.Equal(1, runner.AttemptsOf("long-run"));
        await Eventually.Until(async () => await _hub.PendingDeliveriesAsync("long-run", Subscriptions.Runner) == 0, "it is completed");
    }
}
