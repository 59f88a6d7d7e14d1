using System.Text;
using Hub.Core.Registry;
using Microsoft.AspNetCore.Http;

namespace Hub.PartnerFeeds.Tests.Sync;

/// <summary>
/// A real loopback partner misbehaves in one way while a feed of 1,200 records is pulled in pages of 300: after each, the
/// records the hub synced are the partner's exactly, with no gap and no duplicate (each delivered once).
/// </summary>
public sealed class when_a_partner_misbehaves_during_a_pull
{
    private const int Count = 1_200;
    private static CancellationToken Ct => SyncHub.Ct;

    private static async Task<(FeedPartner Partner, SyncHub Hub)> StartAsync(List<string> items, Func<HttpContext, PageRequest, Task<bool>>? misbehave,
        int? tokenExpiresAfterPages = null, PartnerAuthSettings? auth = null, Dictionary<string, string?>? overrides = null)
    {
        var partner = await FeedPartner.StartAsync(items, tokenExpiresAfterPages);
        partner.Misbehave = misbehave;
        auth ??= tokenExpiresAfterPages is null ? null : new PartnerAuthSettings
        {
            Kind = "oauth2-client-credentials", TokenUrl = new Uri(partner.BaseUrl, "/token").ToString(), ClientId = "hub", ClientSecret = "s3cret",
        };
        var hub = new SyncHub(SyncHub.Registry(partner.BaseUrl, auth: auth), overrides: overrides).Start();
        return (partner, hub);
    }

    [Fact]
    public async Task a_429_with_retry_after_is_waited_out_and_nothing_is_lost_or_doubled()
    {
        var items = FeedPartner.Shipments(Count);
        var (partner, hub) = await StartAsync(items, async (c, r) =>
        {
            if (r.Offset != 300 || r.Attempt > 1) return false;
            c.Response.Headers.RetryAfter = "1";
            await FeedPartner.Json(c, """{"error":"slow down"}""", 429);
            return true;
        });
        await using (partner)
        await using (hub)
        {
            await hub.RequestPullAsync();
            var state = await hub.WaitForSyncAsync();

            hub.AssertSyncedExactly(items);
            Assert.Equal(Count, state.RecordsSynced);
            Assert.Null(state.LastError);
            Assert.Equal(2, partner.PageRequests.Count(r => r.Offset == 300));
        }
    }

    [Fact]
    public async Task a_503_is_retried_and_nothing_is_lost_or_doubled()
    {
        var items = FeedPartner.Shipments(Count);
        var (partner, hub) = await StartAsync(items, async (c, r) =>
        {
            if (r.Offset != 600 || r.Attempt > 2) return false;
            await FeedPartner.Json(c, """{"error":"maintenance"}""", 503);
            return true;
        });
        await using (partner)
        await using (hub)
        {
            await hub.RequestPullAsync();
            await hub.WaitForSyncAsync();

            hub.AssertSyncedExactly(items);
            Assert.Equal(3, partner.PageRequests.Count(r => r.Offset == 600));
        }
    }

    [Fact]
    public async Task a_page_slower_than_the_timeout_is_asked_for_again_and_nothing_is_lost_or_doubled()
    {
        // Were this late answer taken, the records after it would be a gap.
        const string StaleAnswer = """{"items":[],"nextCursor":"at-999999","hasMore":true}""";
        var items = FeedPartner.Shipments(Count);
        var (partner, hub) = await StartAsync(items, async (c, r) =>
        {
            if (r.Offset != 300 || r.Attempt > 1) return false;
            // The attempt timeout is 500 ms: the hub has given up on this answer before it comes.
            await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
            await FeedPartner.Json(c, StaleAnswer);
            return true;
        }, overrides: new() { ["Hub:Partners:Client:AttemptTimeout"] = "00:00:00.500" });
        await using (partner)
        await using (hub)
        {
            await hub.RequestPullAsync();
            await hub.WaitForSyncAsync();

            hub.AssertSyncedExactly(items);
            Assert.True(partner.PageRequests.Count(r => r.Offset == 300) >= 2);
        }
    }

    [Fact]
    public async Task a_connection_dropped_mid_page_loses_nothing_and_doubles_nothing()
    {
        var items = FeedPartner.Shipments(Count);
        FeedPartner? server = null;
        var (partner, hub) = await StartAsync(items, async (c, r) =>
        {
            if (r.Offset != 600 || r.Attempt > 1) return false;
            var page = Encoding.UTF8.GetBytes(server!.Page(r.Offset, r.Limit));
            c.Response.StatusCode = 200;
            c.Response.ContentType = "application/json";
            c.Response.ContentLength = page.Length;
            await c.Response.Body.WriteAsync(page.AsMemory(0, page.Length / 2), Ct);
            await c.Response.Body.FlushAsync(Ct);
            c.Abort();
            return true;
        });
        server = partner;
        await using (partner)
        await using (hub)
        {
            await hub.RequestPullAsync();
            var state = await hub.WaitForSyncAsync();

            hub.AssertSyncedExactly(items);
            Assert.Equal(Count, state.RecordsSynced);
            Assert.True(partner.PageRequests.Count(r => r.Offset == 600) >= 2);
        }
    }

    [Fact]
    public async Task a_page_served_twice_in_place_of_the_next_is_not_published_again()
    {
        var items = FeedPartner.Shipments(Count);
        FeedPartner? server = null;
        var (partner, hub) = await StartAsync(items, async (c, r) =>
        {
            // Asked for the page at 600 the first time, the partner serves the page at 300 again, pointing at 600 once more.
            if (r.Offset != 600 || r.Attempt > 1) return false;
            await FeedPartner.Json(c, server!.Page(300, r.Limit));
            return true;
        });
        server = partner;
        await using (partner)
        await using (hub)
        {
            await hub.RequestPullAsync();
            var state = await hub.WaitForSyncAsync();

            hub.AssertSyncedExactly(items);
            Assert.Equal(Count, state.RecordsSynced);
        }
    }

    [Fact]
    public async Task a_page_that_repeats_items_of_the_page_before_publishes_them_once()
    {
        var items = FeedPartner.Shipments(Count);
        FeedPartner? server = null;
        var (partner, hub) = await StartAsync(items, async (c, r) =>
        {
            // The page at 600 starts 100 items early: the last 100 of the page before come again.
            if (r.Offset != 600) return false;
            var page = server!.Page(500, 400);
            await FeedPartner.Json(c, page);
            return true;
        });
        server = partner;
        await using (partner)
        await using (hub)
        {
            await hub.RequestPullAsync();
            var state = await hub.WaitForSyncAsync();

            hub.AssertSyncedExactly(items);
            Assert.Equal(Count, state.RecordsSynced);
        }
    }

    [Fact]
    public async Task a_cursor_going_backwards_is_not_followed_and_the_pull_resumes_from_the_checkpoint()
    {
        var items = FeedPartner.Shipments(Count);
        FeedPartner? server = null;
        var (partner, hub) = await StartAsync(items, async (c, r) =>
        {
            if (r.Offset != 600 || r.Attempt > 1) return false;
            await FeedPartner.Json(c, server!.Page(600, r.Limit, FeedPartner.Cursor(0), useOverride: true));
            return true;
        });
        server = partner;
        await using (partner)
        await using (hub)
        {
            await hub.RequestPullAsync();
            var state = await hub.WaitForSyncAsync();

            hub.AssertSyncedExactly(items);
            Assert.Equal(Count, state.RecordsSynced);
            // The page that pointed back was read again from its own cursor (nothing of it published twice), and the page it
            // pointed back to was read once more only to find it was read already.
            Assert.Equal(2, partner.PageRequests.Count(r => r.Offset == 600));
            Assert.Equal(2, partner.PageRequests.Count(r => r.Offset == 0));
        }
    }

    [Fact]
    public async Task malformed_records_are_quarantined_with_their_reason_and_the_feed_goes_on()
    {
        var good = FeedPartner.Shipments(Count);
        var items = new List<string>(good);
        items.Insert(100, "42");
        items.Insert(400, """{"id":"bad-no-tracking","type":"shipment-status","occurredAt":"2026-12-01T10:00:00Z","data":{"status":"lost"},"lane":"x"}""");
        items.Insert(700, """{"id":"bad-date","type":"shipment-status","occurredAt":"yesterday","data":{"trackingNumber":"TN-X","status":"ok"}}""");
        var (partner, hub) = await StartAsync(items, null);
        await using (partner)
        await using (hub)
        {
            await hub.RequestPullAsync();
            var state = await hub.WaitForSyncAsync();

            hub.AssertSyncedExactly(good);
            Assert.Equal(Count, state.RecordsSynced);
            Assert.Equal(3, state.Quarantined);
            var quarantined = await hub.QuarantineAsync();
            Assert.Equal(3, quarantined.Count);
            Assert.Contains(quarantined, q => q.RecordId == "bad-no-tracking" && q.Reason.Contains("trackingNumber", StringComparison.Ordinal) && q.Feed == SyncHub.Feed);
            Assert.Contains(quarantined, q => q.RecordId == "bad-date" && q.Reason.StartsWith("occurredAt", StringComparison.Ordinal));
            Assert.Contains(quarantined, q => q.RecordId.StartsWith("malformed-", StringComparison.Ordinal) && q.Item.GetRawText() == "42");
        }
    }

    [Fact]
    public async Task a_record_of_an_unknown_type_is_quarantined_not_dropped_and_the_feed_goes_on()
    {
        var good = FeedPartner.Shipments(Count);
        var items = new List<string>(good);
        items.Insert(650, FeedPartner.Shipment("audit-1", "TN-AUDIT", FeedPartner.Start, type: "warehouse_audit"));
        var (partner, hub) = await StartAsync(items, null);
        await using (partner)
        await using (hub)
        {
            await hub.RequestPullAsync();
            var state = await hub.WaitForSyncAsync();

            hub.AssertSyncedExactly(good);
            var quarantined = Assert.Single(await hub.QuarantineAsync());
            Assert.Equal("audit-1", quarantined.RecordId);
            Assert.Equal("warehouse_audit", quarantined.PartnerType);
            Assert.Contains("not a record type the hub knows", quarantined.Reason, StringComparison.Ordinal);
            Assert.Equal(1, state.Quarantined);
        }
    }

    [Fact]
    public async Task an_expired_oauth_token_is_renewed_mid_pull_and_nothing_is_lost_or_doubled()
    {
        var items = FeedPartner.Shipments(Count);
        var (partner, hub) = await StartAsync(items, null, tokenExpiresAfterPages: 2);
        await using (partner)
        await using (hub)
        {
            await hub.RequestPullAsync();
            var state = await hub.WaitForSyncAsync();

            hub.AssertSyncedExactly(items);
            Assert.Equal(Count, state.RecordsSynced);
            Assert.Equal(2, partner.TokensIssued);
        }
    }
}
