using System.Text.Json;
using CloudNative.CloudEvents;
using Hub.Contracts.Orders;
using Hub.Core.Events;
using Hub.Core.Storage;
using Hub.ReadStore.Orders;
using Hub.ReadStore.Tests.Support;
using Hub.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.ReadStore.Tests;

public sealed class when_an_order_event_is_projected : IAsyncDisposable
{
    private readonly TemporaryReadStore _readStore = new();
    private readonly OrderProjection _projection;

    public when_an_order_event_is_projected() =>
        _projection = new OrderProjection(_readStore.Store, TimeProvider.System, NullLogger<OrderProjection>.Instance);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _readStore.DisposeAsync();

    [Fact]
    public async Task the_first_event_creates_the_view_with_totals_and_customs_mode()
    {
        var received = OrderEvents.Order("a", "A-1", version: 1, customsMode: CustomsModes.B2BOverseasWarehouse, lines:
        [
            new OrderLine { Sku = "PUMP-CX200", Quantity = 40, UnitPrice = 312.5m },
            new OrderLine { Sku = "SEAL-KIT-7", Quantity = 200, UnitPrice = 8.9m },
        ]);

        await _projection.HandleAsync(received, Ct);

        var view = await ViewAsync("a", "A-1");
        Assert.Equal("a", view.PlatformId);
        Assert.Equal("A-1", view.OrderId);
        Assert.Equal(1, view.Version);
        Assert.Equal(OrderStatusMachine.Received, view.Status);
        Assert.Equal("9810", view.CustomsMode);
        Assert.Equal(new OrderTotals(2, 240m, 14280.0m), view.Totals);
        Assert.Equal("2026-11-20T01:00:00.000Z", view.OccurredAt);
        Assert.Equal("DE", view.Buyer.Country);
        Assert.Equal("FOB", view.Fulfilment?.Incoterm);
        var entry = Assert.Single(view.History);
        Assert.Equal(new OrderHistoryEntry(received.Id!, "received", 1, "received", OrderEvents.Day.AddHours(1), OrderEvents.Day.AddHours(1).AddMinutes(1), true), entry);
    }

    [Fact]
    public async Task a_newer_version_updates_the_view()
    {
        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 1), Ct);

        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 3, eventType: "shipped", lines:
            [new OrderLine { Sku = "PUMP-CX200", Quantity = 10, UnitPrice = 300m }]), Ct);

        var view = await ViewAsync("a", "A-1");
        Assert.Equal(3, view.Version);
        Assert.Equal(OrderStatusMachine.Shipped, view.Status);
        Assert.Equal(new OrderTotals(1, 10m, 3000m), view.Totals);
        Assert.Equal(["received", "shipped"], view.History.Select(h => h.Status));
        Assert.All(view.History, h => Assert.True(h.Applied));
    }

    [Fact]
    public async Task a_stale_version_changes_nothing()
    {
        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 1), Ct);
        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 3, eventType: "shipped"), Ct);
        var before = await StoredAsync("a", "A-1");

        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 2, eventType: "updated"), Ct);

        var after = await StoredAsync("a", "A-1");
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.Json, after.Json);
    }

    [Fact]
    public async Task a_received_event_overtaken_by_a_later_one_changes_nothing()
    {
        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 3, eventType: "shipped"), Ct);
        var before = await StoredAsync("a", "A-1");

        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 1), Ct);

        var after = await StoredAsync("a", "A-1");
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.Json, after.Json);
        Assert.Equal(3, (await ViewAsync("a", "A-1")).Version);
    }

    [Fact]
    public async Task the_same_event_redelivered_changes_nothing()
    {
        var received = OrderEvents.Order("a", "A-1", version: 1);
        await _projection.HandleAsync(received, Ct);
        var before = await StoredAsync("a", "A-1");

        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 1), Ct);

        var after = await StoredAsync("a", "A-1");
        Assert.Equal(before.ETag, after.ETag);
        Assert.Single((await ViewAsync("a", "A-1")).History);
    }

    [Fact]
    public async Task a_refused_transition_keeps_the_status_and_is_recorded_as_not_applied()
    {
        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 1), Ct);
        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 2, eventType: "shipped"), Ct);
        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 3, eventType: "delivered"), Ct);

        var cancelled = OrderEvents.Order("a", "A-1", version: 4, eventType: "cancelled");
        await _projection.HandleAsync(cancelled, Ct);

        var view = await ViewAsync("a", "A-1");
        Assert.Equal(OrderStatusMachine.Delivered, view.Status);
        Assert.Equal(3, view.Version);
        var refused = view.History[^1];
        Assert.Equal(cancelled.Id, refused.EventId);
        Assert.Equal("cancelled", refused.EventType);
        Assert.Equal(4, refused.Version);
        Assert.Equal(OrderStatusMachine.Delivered, refused.Status);
        Assert.False(refused.Applied);
        Assert.Equal("'cancelled' is not allowed after 'delivered'", refused.Note);
        Assert.Equal(4, view.History.Count);
    }

    [Fact]
    public async Task a_refused_event_redelivered_is_not_recorded_twice()
    {
        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 1, eventType: "cancelled"), Ct);
        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 2, eventType: "shipped"), Ct);
        var before = await StoredAsync("a", "A-1");

        await _projection.HandleAsync(OrderEvents.Order("a", "A-1", version: 2, eventType: "shipped"), Ct);

        Assert.Equal(before.ETag, (await StoredAsync("a", "A-1")).ETag);
        Assert.Equal(2, (await ViewAsync("a", "A-1")).History.Count);
    }

    [Fact]
    public async Task events_for_two_orders_do_not_interfere()
    {
        await _projection.HandleAsync(OrderEvents.Order("a", "X-1", version: 5, eventType: "shipped"), Ct);
        await _projection.HandleAsync(OrderEvents.Order("b", "X-1", version: 1), Ct);
        await _projection.HandleAsync(OrderEvents.Order("a", "X-2", version: 1, eventType: "cancelled"), Ct);

        var a1 = await ViewAsync("a", "X-1");
        var b1 = await ViewAsync("b", "X-1");
        var a2 = await ViewAsync("a", "X-2");
        Assert.Equal((5, "shipped"), (a1.Version, a1.Status));
        Assert.Equal((1, "received"), (b1.Version, b1.Status));
        Assert.Equal((1, "cancelled"), (a2.Version, a2.Status));
        Assert.All([a1, b1, a2], v => Assert.Single(v.History));
    }

    [Fact]
    public async Task concurrent_deliveries_for_one_order_end_at_the_newest_version()
    {
        // Ten, so that each loses at most nine races: the projection retries ten times before leaving it to the bus.
        var events = new List<CloudEvent> { OrderEvents.Order("a", "A-1", version: 1) };
        for (var version = 2; version <= 10; version++) events.Add(OrderEvents.Order("a", "A-1", version, eventType: "updated"));

        await Task.WhenAll(events.Select(e => Task.Run(() => _projection.HandleAsync(e, Ct), Ct)));

        var view = await ViewAsync("a", "A-1");
        Assert.Equal(10, view.Version);
        Assert.Equal(OrderStatusMachine.Received, view.Status);
    }

    private async Task<StoredDocument> StoredAsync(string platformId, string orderId) =>
        await _readStore.Store.GetAsync(OrderProjection.Container, platformId, orderId, Ct)
            ?? throw new Xunit.Sdk.XunitException($"No view for {platformId}/{orderId}.");

    private async Task<OrderView> ViewAsync(string platformId, string orderId) =>
        JsonSerializer.Deserialize<OrderView>((await StoredAsync(platformId, orderId)).Json, HubCloudEvents.DataOptions)!;
}
