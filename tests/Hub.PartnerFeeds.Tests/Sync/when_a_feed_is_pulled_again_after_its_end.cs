namespace Hub.PartnerFeeds.Tests.Sync;

/// <summary>
/// A feed's last page has no next cursor, so the next pull reads that page again to find what the partner added: only the
/// new records are published, and the feed's records-synced count stays a count of records.
/// </summary>
public sealed class when_a_feed_is_pulled_again_after_its_end
{
    [Fact]
    public async Task only_what_the_partner_added_is_published_and_nothing_is_published_twice()
    {
        var items = FeedPartner.Shipments(750);
        await using var partner = await FeedPartner.StartAsync(items);
        await using var hub = new SyncHub(SyncHub.Registry(partner.BaseUrl)).Start();
        await hub.RequestPullAsync();
        var first = await hub.WaitForSyncAsync();
        Assert.Equal(FeedPartner.Cursor(600), first.Cursor);
        Assert.Equal(150, first.Tail!.Count);

        items.AddRange(FeedPartner.Shipments(400, from: 750));
        await hub.RequestPullAsync();
        var second = await hub.WaitForSyncAsync(until: s => s.LastSyncAt > first.LastSyncAt);

        hub.AssertSyncedExactly(items);
        Assert.Equal(1_150, second.RecordsSynced);
        Assert.Equal(FeedPartner.Cursor(900), second.Cursor);
        Assert.Equal([0, 300, 600, 600, 900], partner.PageRequests.Select(r => r.Offset));

        // Nothing added: the last page is read again and nothing is published.
        await hub.RequestPullAsync();
        var third = await hub.WaitForSyncAsync(until: s => s.LastSyncAt > second.LastSyncAt);
        hub.AssertSyncedExactly(items);
        Assert.Equal(1_150, third.RecordsSynced);
    }
}
