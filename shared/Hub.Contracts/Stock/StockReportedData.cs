namespace Hub.Contracts.Stock;

/// <summary>
/// The data of <c>stock.reported</c>: stock levels of one warehouse from one report. A report's warehouse with more
/// lines than fit one message is split into batches numbered from 1; each (warehouse, sku) is in exactly one batch.
/// </summary>
/// <param name="AsOf">When the report says the stock was counted; a line's own <see cref="StockLevelLine.AsOf"/> wins over it.</param>
/// <param name="ReceivedAt">When the hub received the report: of two reports with the same as-of, the later received wins (a correction).</param>
public sealed record StockReportedData(
    string ReportId,
    string OperatorId,
    string Warehouse,
    DateTimeOffset AsOf,
    DateTimeOffset ReceivedAt,
    int Batch,
    IReadOnlyList<StockLevelLine> Lines);

/// <summary>The stock of one SKU in the warehouse: the sums over its lots, and the lots when the report named any.</summary>
/// <param name="AsOf">Set only when the rows of this SKU gave their own as-of, differing from the report's.</param>
/// <param name="Lots">Null when the SKU came in one row without a lot or expiry; otherwise every lot as reported.</param>
public sealed record StockLevelLine(
    string Sku,
    long OnHand,
    long? Available = null,
    long? Reserved = null,
    long? Unsellable = null,
    long? Inbound = null,
    string? Description = null,
    string? Unit = null,
    DateTimeOffset? AsOf = null,
    IReadOnlyList<StockLotLine>? Lots = null);

/// <param name="Lot">Null for the stock a report gave without a lot.</param>
public sealed record StockLotLine(
    string? Lot,
    long OnHand,
    long? Available = null,
    long? Reserved = null,
    long? Unsellable = null,
    long? Inbound = null,
    DateOnly? Expiry = null);

/// <summary>The data of <c>stock.low</c>.</summary>
/// <param name="Available">The quantity compared: <c>available</c> when the report gives it, else <c>on_hand</c>.</param>
public sealed record StockLowData(
    string ReportId,
    string OperatorId,
    string Warehouse,
    string Sku,
    long Available,
    long Threshold,
    DateTimeOffset AsOf);
