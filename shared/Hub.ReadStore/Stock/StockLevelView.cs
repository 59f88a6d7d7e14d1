using Hub.Contracts.Stock;

namespace Hub.ReadStore.Stock;

/// <summary>A SKU's stock in one warehouse as the newest report gave it (container <c>stock-levels</c>, partition = warehouse, id = sku).</summary>
public sealed record StockLevelView(
    string Warehouse,
    string Sku,
    string OperatorId,
    long OnHand,
    long? Available,
    long? Reserved,
    long? Unsellable,
    long? Inbound,
    string? Description,
    string? Unit,
    DateTimeOffset AsOf,
    DateTimeOffset ReceivedAt,
    string ReportId,
    IReadOnlyList<StockLotLine>? Lots);
