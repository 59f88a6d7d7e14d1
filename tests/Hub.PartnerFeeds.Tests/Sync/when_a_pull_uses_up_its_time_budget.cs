namespace Hub.PartnerFeeds.Tests.Sync;

/// <summary>A pull hands over to a fresh pull through the bus when its time budget is spent, and the feed still syncs whole.</summary>
public sealed class when_a_pull_uses_up_its_time_budget
{
    [Fact]
    public async Task each_continuation_starts_at_the_checkpoint_and_the_records_are_the_partners_exactly()
    {
        var items = FeedPartner.Shipments(1_000);
        await using var partner = await FeedPartner.StartAsync(items);
        // A budget shorter than any page: every pull reads one page and hands over.
        await using var hub = new SyncHub(SyncHub.Registry(partner.BaseUrl, pageSize: 100),
            overrides: new() { ["Hub:Partners:Sync:TimeBudget"] = "00:00:00.001" }).Start();

        await hub.RequestPullAsync();
        var state = await hub.WaitForSyncAsync();

        hub.AssertSyncedExactly(items);
        Assert.Equal(1_000, state.RecordsSynced);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 100), partner.PageRequests.Select(r => r.Offset));
    }
}
