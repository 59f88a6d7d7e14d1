using System.Text.Json;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Storage;
using Hub.Embedded.Messaging;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Sqlite;
using Hub.PartnerFeeds.Mapping;
using Hub.PartnerFeeds.ReadSide;
using Hub.PartnerFeeds.Records;
using Hub.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Hub.PartnerFeeds.Tests.ReadSide.PartnerReadWorld;

namespace Hub.PartnerFeeds.Tests.ReadSide;

/// <summary>
/// The projection as Standalone runs it: subscribed to <c>partner-feeds/read-store</c> on the real embedded bus over SQLite,
/// writing into the read store of the same file. A page published again (a crash before the checkpoint, a repeated page)
/// and an older state arriving late leave exactly the partner's records, each written once.
/// </summary>
public sealed class when_partner_records_travel_the_embedded_bus : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);
    private readonly TemporaryReadStore _stores = new();
    private SqliteEventBus _bus = null!;
    private IAsyncDisposable _subscription = null!;
    private SqliteReadStore _store = null!;
    private int _delivered;
    private int _written;

    public ValueTask InitializeAsync()
    {
        _store = _stores.Store;
        _bus = _stores.CreateBus([Consumers.ProjectPartnerRecord]);
        var projection = new PartnerRecordProjection(_store, NullLogger<PartnerRecordProjection>.Instance);
        _subscription = _bus.Subscribe(Consumers.ProjectPartnerRecord.Topic, Consumers.ProjectPartnerRecord.Subscription, async (e, ct) =>
        {
            if (await projection.ProjectAsync(e.Id!, Hub.Core.Events.HubCloudEvents.GetData<PartnerRecordData>(e), ct)) Interlocked.Increment(ref _written);
            Interlocked.Increment(ref _delivered);
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _subscription.DisposeAsync();
        await _stores.DisposeAsync();
    }

    private static CloudEvent Event(string itemJson)
    {
        using var item = JsonDocument.Parse(itemJson);
        var record = Assert.IsType<PartnerRecordMapping.Mapped>(PartnerRecordMapper.Map(Registry.FindPartner(Malaysia)!, item.RootElement, "shipments", Now)).Record;
        return PartnerRecordEvents.Create(record);
    }

    private async Task DeliveredAsync(int count)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (Volatile.Read(ref _delivered) < count)
        {
            Assert.True(DateTime.UtcNow < until, $"{_delivered} of {count} events delivered after 20 s");
            await Task.Delay(10, Ct);
        }
    }

    [Fact]
    public async Task a_page_published_twice_and_a_late_older_state_leave_each_record_once_at_its_latest()
    {
        CloudEvent[] Page() =>
        [
            Event(Shipment("s-1", "MY123", "picked-up", At)),
            Event(Shipment("s-2", "MY123", "in-transit", At.AddHours(1))),
            Event(Shipment("s-3", "MY456", "delivered", At.AddHours(2))),
        ];

        await _bus.PublishAsync(Topics.PartnerFeeds, Page(), Ct);
        await DeliveredAsync(3);
        await _bus.PublishAsync(Topics.PartnerFeeds, Page(), Ct);
        await _bus.PublishAsync(Topics.PartnerFeeds, [Event(Shipment("s-3", "MY456", "in-transit", At))], Ct);
        await DeliveredAsync(7);

        var stored = await _store.QueryAsync(new DocumentQuery(ReadStoreContainers.PartnerRecords) { PageSize = 100 }, Ct);
        Assert.Equal(3, _written);
        Assert.Equal(["s-1", "s-2", "s-3"], stored.Items.Select(d => d.Id).Order());
        var s3 = JsonDocument.Parse(stored.Items.Single(d => d.Id == "s-3").Json).RootElement;
        Assert.Equal("delivered", s3.GetProperty("fields").GetProperty("status").GetString());
        Assert.Equal(PartnerRecordData.IdFor(Malaysia, "s-3"), s3.GetProperty("eventId").GetString());
    }
}
