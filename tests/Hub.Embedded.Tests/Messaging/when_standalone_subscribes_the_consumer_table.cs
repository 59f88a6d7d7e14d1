using Hub.Contracts;
using Hub.Core.Events;
using Hub.Embedded.Messaging;
using Hub.Embedded.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Embedded.Tests.Messaging;

/// <summary>Standalone subscribes every row of the table with its registered handler, and refuses to start without one.</summary>
public sealed class when_standalone_subscribes_the_consumer_table : IAsyncDisposable
{
    private readonly EmbeddedHub _hub = new(consumers: Consumers.All);
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _hub.DisposeAsync();
    }

    private static EventHandlerRegistration Registration(Consumer consumer, RecordingHandler handler) =>
        new(consumer, _ => handler.HandleAsync);

    [Fact]
    public async Task a_row_without_a_handler_stops_the_start_and_names_the_row()
    {
        var registrations = Consumers.All.Where(c => c != Consumers.RunStockReport).Select(c => Registration(c, new RecordingHandler()));
        var subscriptions = new EmbeddedSubscriptions(_hub.Bus, registrations, _services);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => subscriptions.StartAsync(Ct));

        Assert.Contains("stock/runner (RunStockReport)", error.Message);
    }

    [Fact]
    public async Task every_row_is_subscribed_with_its_handler_once_the_host_has_started()
    {
        var handlers = Consumers.All.ToDictionary(c => c, _ => new RecordingHandler());
        var subscriptions = new EmbeddedSubscriptions(_hub.Bus, handlers.Select(h => Registration(h.Key, h.Value)), _services);
        await subscriptions.StartAsync(Ct);
        await subscriptions.StartedAsync(Ct);
        try
        {
            await _hub.Bus.PublishAsync(Topics.Orders, [TestEvents.Order("order-1", 0)], Ct);
            await _hub.Bus.PublishAsync(Topics.Stock, [TestEvents.Stock("level-1"), TestRunRequests.RunRequested("run-1")], Ct);
            await _hub.Bus.PublishAsync(Topics.Matchmaking, [TestRunRequests.MatchmakingRunRequested("matchmaking-run-1")], Ct);
            await _hub.Bus.PublishAsync(Topics.PartnerFeeds, [TestRunRequests.PartnerPullRequested("partner-pull-1")], Ct);
            await _hub.Bus.PublishAsync(Topics.PartnerFeeds, [HubCloudEvents.Create("partner-record-1", Hub.Contracts.PartnerFeeds.PartnerFeedEventTypes.Record,
                "urn:hub:tests", "partner/record-1", DateTimeOffset.UtcNow, new Step(0))], Ct);

            await Eventually.Until(() => handlers.Values.All(h => h.HandledCount == 1), "every row's handler has its event");
            Assert.Equal(["order-1/0"], handlers[Consumers.ProjectOrder].Handled.Select(h => h.Id));
            Assert.Equal(["level-1"], handlers[Consumers.ProjectStock].Handled.Select(h => h.Id));
            Assert.Equal(["run-1"], handlers[Consumers.RunStockReport].Handled.Select(h => h.Id));
            Assert.Equal(["matchmaking-run-1"], handlers[Consumers.RunMatchmaking].Handled.Select(h => h.Id));
            Assert.Equal(["partner-pull-1"], handlers[Consumers.PullPartnerFeed].Handled.Select(h => h.Id));
            Assert.Equal(["partner-record-1"], handlers[Consumers.ProjectPartnerRecord].Handled.Select(h => h.Id));
        }
        finally
        {
            await subscriptions.StoppedAsync(Ct);
        }
    }
}
