using System.Collections.Concurrent;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Events;
using Hub.PartnerFeeds.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.PartnerFeeds.Tests.Sync;

/// <summary>Each feed's cron schedule requests one pull per occurrence, however many instances tick and however often.</summary>
public sealed class when_the_pull_schedule_ticks : IAsyncDisposable
{
    private static readonly Uri NoPartner = new("https://partner.example/api");
    private readonly SyncHub hub = new(SyncHub.Registry(NoPartner, schedule: "*/5 * * * *", moreFeeds: "listings"));
    private readonly ConcurrentQueue<PartnerPullRequested> requested = new();

    public when_the_pull_schedule_ticks() =>
        // Only what the schedule requests is looked at; no pull runs.
        _ = hub.Bus.Subscribe(Topics.PartnerFeeds, Subscriptions.Puller, (e, _) =>
        {
            requested.Enqueue(HubCloudEvents.GetData<PartnerPullRequested>(e));
            return Task.CompletedTask;
        });

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 12, 8, hour, minute, second, TimeSpan.Zero);

    private async Task<List<PartnerPullRequested>> RequestedAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (requested.Count < count && DateTime.UtcNow < deadline) await Task.Delay(10, SyncHub.Ct);
        while (!hub.Idle() && DateTime.UtcNow < deadline) await Task.Delay(10, SyncHub.Ct);
        return [.. requested];
    }

    [Fact]
    public async Task a_feed_never_scheduled_is_requested_at_its_latest_occurrence_and_not_again_until_the_next()
    {
        var scheduler = hub.Service<PartnerPullScheduler>();

        Assert.Equal(2, await scheduler.TickAsync(At(10, 7), SyncHub.Ct));
        Assert.Equal(0, await scheduler.TickAsync(At(10, 9, 59), SyncHub.Ct));
        Assert.Equal(2, await scheduler.TickAsync(At(10, 10), SyncHub.Ct));

        var seen = await RequestedAsync(4);
        Assert.Equal(4, seen.Count);
        Assert.All(seen, r => Assert.Equal(PartnerPullRequests.Schedule, r.Reason));
        Assert.Equal([At(10, 5), At(10, 5), At(10, 10), At(10, 10)], seen.Select(r => r.RequestedAt).Order());
        Assert.Equal(At(10, 10), (await hub.StateAsync()).LastScheduledAt);
    }

    [Fact]
    public async Task two_instances_ticking_at_once_request_each_occurrence_once()
    {
        var first = hub.Service<PartnerPullScheduler>();
        var second = hub.Compose(SyncHub.Registry(NoPartner, schedule: "*/5 * * * *", moreFeeds: "listings")).GetRequiredService<PartnerPullScheduler>();

        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? first : second).TickAsync(At(11, 0, 30), SyncHub.Ct)));

        Assert.Equal(2, counts.Sum());
        var seen = await RequestedAsync(2);
        Assert.Equal(2, seen.Count);
        Assert.Equal(["listings", SyncHub.Feed], seen.Select(r => r.Feed).Order());
    }

    [Fact]
    public async Task missed_occurrences_are_one_pull_and_a_feed_without_schedule_is_never_requested()
    {
        await using var unscheduled = new SyncHub(SyncHub.Registry(NoPartner, schedule: null));
        Assert.Equal(0, await unscheduled.Service<PartnerPullScheduler>().TickAsync(At(12, 0), SyncHub.Ct));

        var scheduler = hub.Service<PartnerPullScheduler>();
        Assert.Equal(2, await scheduler.TickAsync(At(9, 0), SyncHub.Ct));
        // Three hours without a tick: one request per feed, for the latest occurrence.
        Assert.Equal(2, await scheduler.TickAsync(At(12, 1), SyncHub.Ct));
        var seen = await RequestedAsync(4);
        Assert.Equal(2, seen.Count(r => r.RequestedAt == At(12, 0)));
    }

    [Fact]
    public async Task a_request_the_bus_refused_is_claimed_back_and_requested_at_the_next_tick()
    {
        SwitchableBus? bus = null;
        await using var refusing = new SyncHub(SyncHub.Registry(NoPartner, schedule: "0 * * * *"), bus: inner => bus = new SwitchableBus(inner));
        var scheduler = refusing.Service<PartnerPullScheduler>();

        bus!.Refusing = true;
        await Assert.ThrowsAsync<EventBusUnavailableException>(() => scheduler.TickAsync(At(13, 0, 10), SyncHub.Ct));
        Assert.Null((await refusing.StateAsync()).LastScheduledAt);

        bus.Refusing = false;
        Assert.Equal(1, await scheduler.TickAsync(At(13, 0, 40), SyncHub.Ct));
        Assert.Equal(At(13, 0), (await refusing.StateAsync()).LastScheduledAt);
    }

    public async ValueTask DisposeAsync() => await hub.DisposeAsync();
}

/// <summary>The bus, refusing every publish while <see cref="Refusing"/> (as a bus that is down does).</summary>
public sealed class SwitchableBus(IEventBus inner) : IEventBus
{
    public bool Refusing { get; set; }

    public Task PublishAsync(string topic, IReadOnlyList<CloudNative.CloudEvents.CloudEvent> events, CancellationToken cancellationToken = default) =>
        Refusing ? throw new EventBusUnavailableException("The bus is down.") : inner.PublishAsync(topic, events, cancellationToken);

    public Task PublishLaterAsync(string topic, CloudNative.CloudEvents.CloudEvent cloudEvent, DateTimeOffset notBefore, CancellationToken cancellationToken = default) =>
        Refusing ? throw new EventBusUnavailableException("The bus is down.") : inner.PublishLaterAsync(topic, cloudEvent, notBefore, cancellationToken);

    public IAsyncDisposable Subscribe(string topic, string subscription, EventHandlerDelegate handler) => inner.Subscribe(topic, subscription, handler);
}
