namespace Hub.Contracts.Orders;

/// <summary>
/// Wire names of the order events. The wire name is stable and separate from any C# type name,
/// so renaming a type never breaks a consumer.
/// </summary>
public static class OrderEventTypes
{
    public const string Received = "hub.orders.order.received.v1";
    public const string Updated = "hub.orders.order.updated.v1";
    public const string Cancelled = "hub.orders.order.cancelled.v1";
    public const string Shipped = "hub.orders.order.shipped.v1";
    public const string Delivered = "hub.orders.order.delivered.v1";

    public static IReadOnlyList<string> All { get; } = [Received, Updated, Cancelled, Shipped, Delivered];

    /// <summary>The canonical <c>eventType</c> field value ("received", "shipped", ...) to its wire type.</summary>
    public static string? FromCanonical(string eventType) => eventType switch
    {
        OrderEventKinds.Received => Received,
        OrderEventKinds.Updated => Updated,
        OrderEventKinds.Cancelled => Cancelled,
        OrderEventKinds.Shipped => Shipped,
        OrderEventKinds.Delivered => Delivered,
        _ => null,
    };
}

/// <summary>The values of the canonical order's <c>eventType</c> field.</summary>
public static class OrderEventKinds
{
    public const string Received = "received";
    public const string Updated = "updated";
    public const string Cancelled = "cancelled";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";

    public static IReadOnlyList<string> All { get; } = [Received, Updated, Cancelled, Shipped, Delivered];
}
