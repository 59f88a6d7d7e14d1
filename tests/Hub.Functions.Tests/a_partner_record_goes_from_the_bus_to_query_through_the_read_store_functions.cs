using System.Text.Json;
using Hub.Contracts;
using Hub.Functions.ReadStore;
using Hub.PartnerFeeds.Mapping;
using Hub.PartnerFeeds.Records;

namespace Hub.Functions.Tests;

/// <summary>
/// A partner record's hops in the ReadStore app, each through its function class: the <c>partner-feeds/read-store</c>
/// message into ProjectPartnerRecord (delivered twice, as Service Bus may), then the three partner read routes.
/// </summary>
public sealed class a_partner_record_goes_from_the_bus_to_query_through_the_read_store_functions : IAsyncDisposable
{
    private readonly FunctionsHarness _hub = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private static string PartnerId => FunctionsHarness.Partner.Id;

    [Fact]
    public async Task a_record_delivered_twice_is_listed_once_by_its_tracking_number()
    {
        using var item = JsonDocument.Parse("""
            {"id": "r-1", "type": "shipment-status", "occurredAt": "2026-11-25T07:00:00Z",
             "data": {"trackingNumber": "EE123456789CN", "status": "in-transit"}}
            """);
        var mapped = Assert.IsType<PartnerRecordMapping.Mapped>(PartnerRecordMapper.Map(FunctionsHarness.Partner, item.RootElement, "shipments", _hub.Time.GetUtcNow()));
        var cloudEvent = PartnerRecordEvents.Create(mapped.Record);

        await _hub.Function<ProjectPartnerRecord>().RunAsync(FunctionsHarness.Delivered(cloudEvent, topic: Topics.PartnerFeeds), Ct);
        await _hub.Function<ProjectPartnerRecord>().RunAsync(FunctionsHarness.Delivered(cloudEvent, deliveryCount: 2, topic: Topics.PartnerFeeds), Ct);

        var request = _hub.Authorized("GET", $"/api/partners/{PartnerId}/records", "?type=shipment-status&reference=EE123456789CN");
        var records = await FunctionsHarness.AnswerAsync(request, await _hub.Function<ListPartnerRecords>().RunAsync(request, PartnerId, Ct));
        Assert.Equal(200, records.Status);
        var listed = Assert.Single(records.Json["items"]!.AsArray());
        Assert.Equal("r-1", (string?)listed!["recordId"]);
        Assert.Equal(cloudEvent.Id, (string?)listed["eventId"]);

        request = _hub.Authorized("GET", $"/api/partners/{PartnerId}/feeds");
        var feeds = await FunctionsHarness.AnswerAsync(request, await _hub.Function<ListPartnerFeeds>().RunAsync(request, PartnerId, Ct));
        Assert.Equal(200, feeds.Status);
        Assert.Equal("shipments", (string?)feeds.Json["feeds"]![0]!["feed"]);

        request = _hub.Authorized("GET", $"/api/partners/{PartnerId}/quarantine");
        var quarantine = await FunctionsHarness.AnswerAsync(request, await _hub.Function<ListPartnerQuarantine>().RunAsync(request, PartnerId, Ct));
        Assert.Equal(200, quarantine.Status);
        Assert.Empty(quarantine.Json["items"]!.AsArray());
    }
}
