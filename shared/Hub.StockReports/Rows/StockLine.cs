namespace Hub.StockReports.Rows;

/// <summary>One valid row of a stock report, in canonical form.</summary>
/// <param name="Row">The row it came from, for "duplicate of row N" and for tracing.</param>
/// <param name="Warehouse">The warehouse code as the operator's registration spells it.</param>
/// <param name="AsOf">When the row says the stock was counted; null when it does not say (the report's as-of applies).</param>
public sealed record StockLine(
    long Row,
    string Warehouse,
    string Sku,
    long OnHand,
    long? Available = null,
    long? Reserved = null,
    long? Unsellable = null,
    long? Inbound = null,
    string? Lot = null,
    DateOnly? Expiry = null,
    string? Description = null,
    string? Unit = null,
    DateTimeOffset? AsOf = null);
