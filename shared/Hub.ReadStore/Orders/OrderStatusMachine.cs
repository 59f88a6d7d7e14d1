using Hub.Contracts.Orders;

namespace Hub.ReadStore.Orders;

/// <summary>
/// The order's life: received (and updated) -> shipped -> delivered, or received -> cancelled. An event may be the
/// first the hub hears of an order (an earlier one was lost or is late), so any event may open an order.
/// </summary>
public static class OrderStatusMachine
{
    public const string Received = "received";
    public const string Cancelled = "cancelled";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";

    public static IReadOnlyList<string> Statuses { get; } = [Received, Cancelled, Shipped, Delivered];

    /// <summary>The status after <paramref name="eventType"/>, or null when the transition is not allowed.</summary>
    public static string? Next(string? current, string eventType) => (current, eventType) switch
    {
        (null, OrderEventKinds.Received or OrderEventKinds.Updated) => Received,
        (null, OrderEventKinds.Cancelled) => Cancelled,
        (null, OrderEventKinds.Shipped) => Shipped,
        (null, OrderEventKinds.Delivered) => Delivered,
        (Received, OrderEventKinds.Received or OrderEventKinds.Updated) => Received,
        (Received, OrderEventKinds.Cancelled) => Cancelled,
        (Received, OrderEventKinds.Shipped) => Shipped,
        // Delivery proves shipment: a "shipped" that is lost or arrives later (as a stale version) must not strand the order.
        (Received, OrderEventKinds.Delivered) => Delivered,
        (Shipped, OrderEventKinds.Updated or OrderEventKinds.Shipped) => Shipped,
        (Shipped, OrderEventKinds.Delivered) => Delivered,
        _ => null,
    };
}
