using Hub.PartnerFeeds.Sync;

namespace Hub.PartnerFeeds.Tests.Sync;

/// <summary>One pull per (partner, feed) at a time, also when two instances take requests at once; a dead holder's lease lapses.</summary>
public sealed class when_two_pulls_of_a_feed_start_at_once
{
    [Fact]
    public async Task one_pulls_and_the_other_leaves_it_to_that_pull()
    {
        var items = FeedPartner.Shipments(900);
        await using var partner = await FeedPartner.StartAsync(items);
        partner.PageDelay = TimeSpan.FromMilliseconds(200);
        await using var hub = new SyncHub(SyncHub.Registry(partner.BaseUrl)).Start();
        // Two instances: two compositions over the same store and bus.
        var other = hub.Compose(SyncHub.Registry(partner.BaseUrl));
        var sync = hub.Service<PartnerFeedSync>();
        var otherSync = (PartnerFeedSync)other.GetService(typeof(PartnerFeedSync))!;

        var results = await Task.WhenAll(
            sync.PullAsync(SyncHub.PartnerId, SyncHub.Feed, SyncHub.Ct),
            otherSync.PullAsync(SyncHub.PartnerId, SyncHub.Feed, SyncHub.Ct));

        Assert.Equal([PartnerPullOutcome.Completed, PartnerPullOutcome.Busy], results.Select(r => r.Outcome).Order());
        Assert.Equal([0, 300, 600], partner.PageRequests.Select(r => r.Offset));
        var state = await hub.WaitForSyncAsync();
        hub.AssertSyncedExactly(items);
        Assert.Equal(900, state.RecordsSynced);
    }

    [Fact]
    public async Task a_lease_whose_holder_died_lapses_and_the_next_pull_takes_the_feed()
    {
        var items = FeedPartner.Shipments(300);
        await using var partner = await FeedPartner.StartAsync(items);
        await using var hub = new SyncHub(SyncHub.Registry(partner.BaseUrl)).Start();
        var states = hub.Service<PartnerFeedStates>();
        await states.UpdateAsync(SyncHub.PartnerId, SyncHub.Feed,
            s => s with { LeaseHolder = "a-process-that-was-killed", LeaseUntil = DateTimeOffset.UtcNow.AddMilliseconds(700) }, SyncHub.Ct);

        var busy = await hub.Service<PartnerFeedSync>().PullAsync(SyncHub.PartnerId, SyncHub.Feed, SyncHub.Ct);
        Assert.Equal(PartnerPullOutcome.Busy, busy.Outcome);
        Assert.Empty(partner.PageRequests);

        // Through the bus: the request that found the feed busy asks again for when the lease lapses, and then pulls.
        await hub.RequestPullAsync();
        var state = await hub.WaitForSyncAsync();
        hub.AssertSyncedExactly(items);
        Assert.Null(state.LeaseHolder);
    }
}
