using Hub.PartnerFeeds.Http;

namespace Hub.PartnerFeeds.Tests.Sync;

/// <summary>
/// Records of a partner type the registry did not map are quarantined; once the registry maps it, a re-process publishes them
/// like any pulled record and empties the quarantine of them, and what still does not map stays with one more attempt.
/// </summary>
public sealed class when_the_quarantine_is_reprocessed_after_the_mapping_is_fixed
{
    [Fact]
    public async Task records_that_map_now_are_synced_and_leave_the_quarantine_and_the_rest_stay()
    {
        var good = FeedPartner.Shipments(10);
        var parcels = Enumerable.Range(0, 3).Select(i => FeedPartner.Shipment($"parcel-{i}", $"PX{i}", FeedPartner.Start.AddHours(i), type: "parcel_event")).ToList();
        var audit = FeedPartner.Shipment("audit-1", "AU1", FeedPartner.Start, type: "warehouse_audit");
        await using var partner = await FeedPartner.StartAsync([.. good, .. parcels, audit]);
        await using var hub = new SyncHub(SyncHub.Registry(partner.BaseUrl)).Start();
        await hub.RequestPullAsync();
        var before = await hub.WaitForSyncAsync();
        Assert.Equal(4, before.Quarantined);
        hub.AssertSyncedExactly(good);

        // The registry now maps the partner's parcel_event: a redeployed host.
        var fixedHost = hub.Compose(SyncHub.Registry(partner.BaseUrl, recordTypes: new Dictionary<string, string> { ["parcel_event"] = "shipment-status" }));
        var endpoints = (PartnerSyncEndpoints)fixedHost.GetService(typeof(PartnerSyncEndpoints))!;
        var answer = await hub.PostAsync(SyncHub.AdminKey, r => endpoints.ReprocessQuarantineAsync(r, SyncHub.PartnerId, SyncHub.Ct), fixedHost);

        Assert.Equal(200, answer.Status);
        Assert.Equal(4, answer.Json.GetProperty("examined").GetInt32());
        Assert.Equal(3, answer.Json.GetProperty("mapped").GetInt32());
        Assert.Equal(1, answer.Json.GetProperty("stillQuarantined").GetInt32());
        var after = await hub.WaitForSyncAsync(until: s => s.Quarantined == 1);
        hub.AssertSyncedExactly([.. good, .. parcels]);
        Assert.All(parcels.Select(p => SyncHub.Expected([p]).Keys.Single()), id => Assert.Equal("parcel_event", hub.Synced[id].Single().Record.PartnerType));
        var left = Assert.Single(await hub.QuarantineAsync());
        Assert.Equal("audit-1", left.RecordId);
        Assert.Equal(2, left.Attempts);
        Assert.Equal(1, after.Quarantined);
    }

    [Fact]
    public async Task re_processing_an_empty_quarantine_examines_nothing()
    {
        await using var hub = new SyncHub(SyncHub.Registry(new Uri("https://partner.example/")));
        var answer = await hub.PostAsync(SyncHub.AdminKey, r => hub.Service<PartnerSyncEndpoints>().ReprocessQuarantineAsync(r, SyncHub.PartnerId, SyncHub.Ct));

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"examined":0,"mapped":0,"stillQuarantined":0}""", answer.Body);
    }
}
