namespace Hub.Contracts.Orders;

/// <summary>The hub's canonical order: what every platform's payload is normalised to.</summary>
public sealed record CanonicalOrder
{
    public required string PlatformId { get; init; }
    public required string OrderId { get; init; }
    /// <summary>Monotonic per order; taken from the payload's <c>version</c>, else from <c>updatedAt</c> in Unix milliseconds.</summary>
    public required long Version { get; init; }
    public required string EventType { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required OrderParty Buyer { get; init; }
    public required OrderParty Seller { get; init; }
    public required string Currency { get; init; }
    public required IReadOnlyList<OrderLine> Lines { get; init; }
    public OrderFulfilment? Fulfilment { get; init; }
    public OrderShipment? Shipment { get; init; }
}
