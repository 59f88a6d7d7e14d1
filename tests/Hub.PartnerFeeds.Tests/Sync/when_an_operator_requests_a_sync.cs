using Hub.PartnerFeeds.Http;

namespace Hub.PartnerFeeds.Tests.Sync;

/// <summary><c>POST /api/partners/{partnerId}/feeds/{feed}/sync</c> and <c>.../quarantine/reprocess</c>: admin only, known partners and feeds only.</summary>
public sealed class when_an_operator_requests_a_sync
{
    [Fact]
    public async Task an_admin_gets_202_with_the_request_id_and_the_feed_is_pulled_to_its_end()
    {
        var items = FeedPartner.Shipments(450);
        await using var partner = await FeedPartner.StartAsync(items);
        await using var hub = new SyncHub(SyncHub.Registry(partner.BaseUrl)).Start();

        var answer = await hub.PostAsync(SyncHub.AdminKey, r => hub.Service<PartnerSyncEndpoints>().RequestSyncAsync(r, SyncHub.PartnerId, SyncHub.Feed, SyncHub.Ct));

        Assert.Equal(202, answer.Status);
        Assert.Equal(SyncHub.PartnerId, answer.Json.GetProperty("partnerId").GetString());
        Assert.Equal(SyncHub.Feed, answer.Json.GetProperty("feed").GetString());
        Assert.StartsWith($"partner-pull/{SyncHub.PartnerId}/{SyncHub.Feed}/request/", answer.Json.GetProperty("requestId").GetString(), StringComparison.Ordinal);
        Assert.Equal($"/api/partners/{SyncHub.PartnerId}/feeds", answer.Headers.Location.ToString());
        var state = await hub.WaitForSyncAsync();
        hub.AssertSyncedExactly(items);
        Assert.Equal(450, state.RecordsSynced);
        Assert.NotNull(state.LastRecordAt);
    }

    [Theory]
    [InlineData(null, SyncHub.PartnerId, SyncHub.Feed, 401)]
    [InlineData("not-a-key", SyncHub.PartnerId, SyncHub.Feed, 401)]
    [InlineData(SyncHub.ReaderKey, SyncHub.PartnerId, SyncHub.Feed, 403)]
    [InlineData("sync-partner-key", SyncHub.PartnerId, SyncHub.Feed, 403)]
    [InlineData(SyncHub.AdminKey, "no-such-partner", SyncHub.Feed, 404)]
    [InlineData(SyncHub.AdminKey, SyncHub.PartnerId, "no-such-feed", 404)]
    public async Task anything_but_an_admin_naming_a_known_feed_is_refused_with_a_problem_and_nothing_is_requested(string? key, string partnerId, string feed, int status)
    {
        await using var hub = new SyncHub(SyncHub.Registry(new Uri("https://partner.example/")));

        var answer = await hub.PostAsync(key, r => hub.Service<PartnerSyncEndpoints>().RequestSyncAsync(r, partnerId, feed, SyncHub.Ct));

        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.Headers.ContentType.ToString());
        Assert.Equal(status, answer.Json.GetProperty("status").GetInt32());
        Assert.All(hub.Bus.Count(), c => Assert.Equal(0, c.Backlog));
    }

    [Theory]
    [InlineData(null, SyncHub.PartnerId, 401)]
    [InlineData(SyncHub.ReaderKey, SyncHub.PartnerId, 403)]
    [InlineData(SyncHub.AdminKey, "no-such-partner", 404)]
    public async Task a_reprocess_by_anyone_but_an_admin_or_of_an_unknown_partner_is_refused(string? key, string partnerId, int status)
    {
        await using var hub = new SyncHub(SyncHub.Registry(new Uri("https://partner.example/")));

        var answer = await hub.PostAsync(key, r => hub.Service<PartnerSyncEndpoints>().ReprocessQuarantineAsync(r, partnerId, SyncHub.Ct));

        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.Headers.ContentType.ToString());
    }

    [Fact]
    public async Task a_bus_that_is_down_answers_503_and_nothing_is_requested()
    {
        SwitchableBus? bus = null;
        await using var hub = new SyncHub(SyncHub.Registry(new Uri("https://partner.example/")), bus: inner => bus = new SwitchableBus(inner) { Refusing = true });

        var answer = await hub.PostAsync(SyncHub.AdminKey, r => hub.Service<PartnerSyncEndpoints>().RequestSyncAsync(r, SyncHub.PartnerId, SyncHub.Feed, SyncHub.Ct));

        Assert.Equal(503, answer.Status);
        Assert.All(hub.Bus.Count(), c => Assert.Equal(0, c.Backlog));
    }
}
