using Hub.Contracts.Orders;

namespace Hub.ReadStore.Orders;

/// <summary>The read model of one order, as <c>GET /api/orders/{platformId}/{orderId}</c> returns it.</summary>
public sealed record OrderView
{
    public required string PlatformId { get; init; }
    public required string OrderId { get; init; }
    public required long Version { get; init; }
    public required string Status { get; init; }
    public required string CustomsMode { get; init; }
    /// <summary>UTC, fixed width, so that string order is time order in both stores' queries.</summary>
    public required string OccurredAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required OrderParty Buyer { get; init; }
    public required OrderParty Seller { get; init; }
    public required string Currency { get; init; }
    public required IReadOnlyList<OrderLine> Lines { get; init; }
    public required OrderTotals Totals { get; init; }
    public OrderFulfilment? Fulfilment { get; init; }
    public OrderShipment? Shipment { get; init; }
    public required IReadOnlyList<OrderHistoryEntry> History { get; init; }

    /// <summary>
    /// The order's outbound push to a partner. Never stored with the order (the push consumer writes it apart, container
    /// partner-pushes): the single-order GET joins it in (<see cref="OrderQueryEndpoints.WithPartnerPush"/>).
    /// </summary>
    public Hub.Contracts.PartnerFeeds.OrderPartnerPush? PartnerPush { get; init; }
}

public sealed record OrderTotals(int LineCount, decimal Quantity, decimal Amount);

/// <summary>One event the projection saw. <see cref="Applied"/> is false for a transition the state machine refused.</summary>
public sealed record OrderHistoryEntry(
    string EventId, string EventType, long Version, string Status, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, bool Applied, string? Note = null);
