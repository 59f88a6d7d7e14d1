using System.Text.Json;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.PartnerFeeds.Records;
using static Hub.PartnerFeeds.Tests.ReadSide.PartnerReadWorld;

namespace Hub.PartnerFeeds.Tests.ReadSide;

public sealed class when_a_partner_record_is_projected : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 8, 9, 30, 0, TimeSpan.Zero);
    private readonly PartnerReadWorld _world = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private Task<Hub.Core.Storage.StoredDocument?> StoredAsync(string reference, string recordId, string type = PartnerRecordTypes.ShipmentStatus) =>
        _world.Store.GetAsync(ReadStoreContainers.PartnerRecords, PartnerRecordData.PartitionFor(Malaysia, type, reference), recordId, Ct);

    [Fact]
    public async Task it_is_kept_under_partner_type_and_reference_with_every_field_and_its_event_id()
    {
        var record = await _world.ProjectAsync(Malaysia,
            """{"id": "r-1", "type": "parcel_event", "occurredAt": "2026-12-08T09:30:00+08:00", "data": {"trackingNumber": "MY123", "status": "in-transit", "weightKg": 1.5, "legs": [1, 2]}, "hub": "KUL", "sequence": 7}""");

        var stored = await StoredAsync("MY123", "r-1");
        var json = JsonDocument.Parse(stored!.Json).RootElement;
        Assert.Equal(PartnerRecordData.IdFor(Malaysia, "r-1"), json.GetProperty("eventId").GetString());
        Assert.Equal(Malaysia, json.GetProperty("partnerId").GetString());
        Assert.Equal("shipments", json.GetProperty("feed").GetString());
        Assert.Equal("shipment-status", json.GetProperty("recordType").GetString());
        Assert.Equal("parcel_event", json.GetProperty("partnerType").GetString());
        Assert.Equal("MY123", json.GetProperty("reference").GetString());
        Assert.Equal(record.OccurredAt, json.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal("in-transit", json.GetProperty("fields").GetProperty("status").GetString());
        Assert.Equal(1.5m, json.GetProperty("data").GetProperty("weightKg").GetDecimal());
        Assert.Equal(2, json.GetProperty("data").GetProperty("legs").GetArrayLength());
        Assert.Equal("KUL", json.GetProperty("extra").GetProperty("hub").GetString());
        Assert.Equal(7, json.GetProperty("extra").GetProperty("sequence").GetInt32());
    }

    [Fact]
    public async Task the_same_event_twice_writes_nothing_the_second_time()
    {
        await _world.ProjectAsync(Malaysia, Shipment("r-1", "MY123", "in-transit", At));
        var first = await StoredAsync("MY123", "r-1");

        var again = await _world.ProjectAsync(Malaysia, Shipment("r-1", "MY123", "in-transit", At));
        var written = await _world.Projection.ProjectAsync(PartnerRecordData.IdFor(Malaysia, "r-1"), again, Ct);

        var second = await StoredAsync("MY123", "r-1");
        Assert.False(written);
        Assert.Equal(first!.ETag, second!.ETag);
        Assert.Equal(first.Json, second.Json);
    }

    [Fact]
    public async Task an_older_state_of_the_record_after_a_newer_one_changes_nothing()
    {
        await _world.ProjectAsync(Malaysia, Shipment("r-1", "MY123", "delivered", At.AddHours(2)));
        var newer = await StoredAsync("MY123", "r-1");

        await _world.ProjectAsync(Malaysia, Shipment("r-1", "MY123", "in-transit", At));

        var stored = await StoredAsync("MY123", "r-1");
        Assert.Equal(newer!.ETag, stored!.ETag);
        Assert.Equal("delivered", JsonDocument.Parse(stored.Json).RootElement.GetProperty("fields").GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_newer_state_of_the_record_replaces_the_older()
    {
        await _world.ProjectAsync(Malaysia, Shipment("r-1", "MY123", "in-transit", At));
        await _world.ProjectAsync(Malaysia, Shipment("r-1", "MY123", "delivered", At.AddMinutes(1)));

        var stored = await StoredAsync("MY123", "r-1");
        Assert.Equal("delivered", JsonDocument.Parse(stored!.Json).RootElement.GetProperty("fields").GetProperty("status").GetString());
    }

    [Fact]
    public async Task the_records_of_one_tracking_number_share_a_partition_and_each_keeps_its_own_id()
    {
        await _world.ProjectAsync(Malaysia, Shipment("r-1", "MY123", "picked-up", At));
        await _world.ProjectAsync(Malaysia, Shipment("r-2", "MY123", "in-transit", At.AddHours(1)));
        await _world.ProjectAsync(Malaysia, Shipment("r-3", "MY999", "picked-up", At));

        var page = await _world.Store.QueryAsync(new Hub.Core.Storage.DocumentQuery(ReadStoreContainers.PartnerRecords)
        {
            PartitionKey = PartnerRecordData.PartitionFor(Malaysia, PartnerRecordTypes.ShipmentStatus, "MY123"),
        }, Ct);
        Assert.Equal(["r-1", "r-2"], page.Items.Select(d => d.Id));
    }

    [Fact]
    public async Task the_event_as_created_in_process_projects_like_the_decoded_one()
    {
        var record = await _world.ProjectAsync(Malaysia, Shipment("r-1", "MY123", "in-transit", At));
        var decoded = await StoredAsync("MY123", "r-1");
        await _world.Store.DeleteAsync(ReadStoreContainers.PartnerRecords, decoded!.PartitionKey, "r-1", Ct);

        await _world.Projection.HandleAsync(PartnerRecordEvents.Create(record), Ct);

        Assert.Equal(decoded.Json, (await StoredAsync("MY123", "r-1"))!.Json);
    }
}
