using CloudNative.CloudEvents;
using Hub.Contracts.Orders;
using Hub.Core.Events;
using Hub.ReadStore.Orders;
using Hub.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Orders.Tests.Support;

/// <summary>
/// The read store's real <see cref="OrderProjection"/> over a real SQLite read store in a folder of its own: an accepted
/// event is encoded and decoded as the bus carries it, then applied once, as the bus's first attempt would. A throw here
/// is what the bus would retry ten times and then dead-letter.
/// </summary>
internal sealed class OrderProjectionOnSqlite : IAsyncDisposable
{
    private readonly TemporaryReadStore _readStore = new();
    private readonly OrderProjection _projection;

    public OrderProjectionOnSqlite() =>
        _projection = new OrderProjection(_readStore.Store, TimeProvider.System, NullLogger<OrderProjection>.Instance);

    /// <summary>Applies the event and returns the stored view, which must be there afterwards.</summary>
    public async Task<OrderView> ApplyAsync(CloudEvent accepted, CancellationToken cancellationToken)
    {
        var delivered = HubCloudEvents.Decode(HubCloudEvents.EncodeToArray(accepted));
        await _projection.HandleAsync(delivered, cancellationToken);
        var order = HubCloudEvents.GetData<OrderEventData>(delivered).Order;
        var stored = await _readStore.Store.GetAsync(OrderProjection.Container, order.PlatformId, order.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Order {order.PlatformId}/{order.OrderId} is not queryable after its event was applied.");
        return System.Text.Json.JsonSerializer.Deserialize<OrderView>(stored.Json, HubCloudEvents.DataOptions)!;
    }

    public ValueTask DisposeAsync() => _readStore.DisposeAsync();
}
