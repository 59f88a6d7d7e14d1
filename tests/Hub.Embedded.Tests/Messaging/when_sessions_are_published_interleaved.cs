using Hub.Contracts;
using Hub.Embedded.Tests.Support;

namespace Hub.Embedded.Tests.Messaging;

public sealed class when_sessions_are_published_interleaved : IAsyncDisposable
{
    private const int Sessions = 20;
    private const int EventsPerSession = 50;

    private readonly EmbeddedHub _hub = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task each_session_is_handled_in_publish_order()
    {
        var handler = new RecordingHandler { Before = async (_, _) => await Task.Yield() };

        await PublishRoundsAsync(0, EventsPerSession / 2);
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, handler.HandleAsync);
        await PublishRoundsAsync(EventsPerSession / 2, EventsPerSession);

        await Eventually.Until(() => handler.HandledCount >= Sessions * EventsPerSession, "every event is handled");
        AssertEachSessionInPublishOrder(handler);
    }

    [Fact]
    public async Task different_sessions_are_handled_in_parallel()
    {
        var handler = new RecordingHandler();
        // The first event of each session waits for a second handler to run beside it, which cannot happen if sessions run one by one.
        handler.Before = async (e, _) =>
        {
            if (e.Id!.EndsWith("/0", StringComparison.Ordinal))
                await Eventually.Until(() => handler.MaxConcurrency > 1, "a second session's handler runs alongside the first");
        };
        _hub.Subscribe(Topics.Orders, Subscriptions.ReadStore, handler.HandleAsync);

        await PublishRoundsAsync(0, EventsPerSession);

        await Eventually.Until(() => handler.HandledCount >= Sessions * EventsPerSession, "every event is handled");
        Assert.True(handler.MaxConcurrency > 1, $"At most {handler.MaxConcurrency} handler ran at once.");
        AssertEachSessionInPublishOrder(handler);
    }

    /// <summary>Round r publishes event r of every session, so the sessions' events interleave on the topic.</summary>
    private async Task PublishRoundsAsync(int from, int to)
    {
        for (var round = from; round < to; round++)
        {
            var events = Enumerable.Range(0, Sessions).Select(s => TestEvents.Order($"order-{s:00}", round)).ToArray();
            await _hub.Bus.PublishAsync(Topics.Orders, events, Ct);
        }
    }

    private static void AssertEachSessionInPublishOrder(RecordingHandler handler)
    {
        var bySession = handler.Handled.GroupBy(h => h.Subject).ToDictionary(g => g.Key, g => g.Select(h => h.Sequence).ToList());
        Assert.Equal(Sessions, bySession.Count);
        foreach (var (session, sequences) in bySession)
            Assert.True(sequences.SequenceEqual(Enumerable.Range(0, EventsPerSession)),
                $"{session} was handled as [{string.Join(", ", sequences)}]");
    }
}
