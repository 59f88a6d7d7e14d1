namespace Hub.Contracts.Orders;

/// <summary>
/// The data of every <c>hub.orders.order.*.v1</c> event: the order as the platform last sent it,
/// with what the hub derived. The CloudEvent <c>type</c> says which transition it is.
/// </summary>
public sealed record OrderEventData
{
    public required string IngestionId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    /// <summary>9610, 9710, 9810, 1210, 0110 or domestic.</summary>
    public required string CustomsMode { get; init; }
    public required CanonicalOrder Order { get; init; }
}
