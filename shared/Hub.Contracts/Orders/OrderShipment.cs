namespace Hub.Contracts.Orders;

public sealed record OrderShipment
{
    public string? Carrier { get; init; }
    public string? TrackingNumber { get; init; }
    public DateTimeOffset? ShippedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
}
