namespace Hub.Contracts.Stock;

/// <summary>
/// Where a stock report stands, as <c>GET /api/warehouses/{operatorId}/stock-reports/{reportId}</c> shows it. Written by
/// StockReports into the read store (container <see cref="ReadStoreContainers.StockReports"/>, partition = operator).
/// </summary>
public sealed record StockReportStatus
{
    public required string ReportId { get; init; }
    public required string OperatorId { get; init; }
    public required string FileName { get; init; }
    /// <summary>Where the file is kept, in the <see cref="StockReportBlobs.Reports"/> container.</summary>
    public required string BlobName { get; init; }
    /// <summary>SHA-256 of the file's bytes (hex); the report id is derived from it, so the same bytes are one report.</summary>
    public required string Sha256 { get; init; }
    public required long Bytes { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>How many times processing started; above 1 after a crash or a retry.</summary>
    public int Attempts { get; init; }
    /// <summary>Rows read so far while processing; the final count once done.</summary>
    public long RowsRead { get; init; }
    public long? RowsTotal { get; init; }
    public long? RowsAccepted { get; init; }
    public long? RowsRejected { get; init; }
    /// <summary>The distinct (warehouse, sku) stock levels published: so far while processing (after every row is read), in all once done.</summary>
    public long? StockLevels { get; init; }
    public IReadOnlyList<string>? Warehouses { get; init; }
    /// <summary>The <c>stock.low</c> events raised: SKUs below the operator's threshold.</summary>
    public long? LowStockAlerts { get; init; }
    /// <summary>Why the file was rejected or processing failed.</summary>
    public string? Reason { get; init; }
    /// <summary>The first <see cref="StockReportStatuses.MaxListedErrors"/> row errors; every one is in errors.csv.</summary>
    public IReadOnlyList<StockRowErrorView>? Errors { get; init; }
    public string? ErrorsUrl { get; init; }
    /// <summary>
    /// What the report did that its row counts do not show: header columns it ignored, a SKU published without its lot
    /// breakdown; at most <see cref="StockReportStatuses.MaxListedErrors"/>, the last saying how many more there were.
    /// </summary>
    public IReadOnlyList<string>? Warnings { get; init; }
}

public sealed record StockRowErrorView(long Row, string Column, string? Value, string Message);

public static class StockReportStatuses
{
    public const string Received = "received";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string CompletedWithErrors = "completed-with-errors";
    /// <summary>The file could not be read as a report (or not with the operator's profile); nothing of it was applied.</summary>
    public const string Rejected = "rejected";
    /// <summary>Processing stopped on a fault of the hub (not of the file); uploading the same file again runs it again.</summary>
    public const string Failed = "failed";

    public const int MaxListedErrors = 100;

    /// <summary>
    /// Done: nothing is left to run. The same bytes again are a duplicate, except after <see cref="Rejected"/>, which
    /// applied nothing and runs again (the operator's profile may have been fixed since).
    /// </summary>
    public static bool IsSettled(string status) => status is Completed or CompletedWithErrors or Rejected;
}

/// <summary>Blob containers of the stock reports.</summary>
public static class StockReportBlobs
{
    /// <summary>The files as received, under <c>{operatorId}/</c>; operators may write here directly (Azure).</summary>
    public const string Reports = "stock-reports";
    /// <summary>errors.csv per report, <c>{operatorId}/{reportId}.csv</c>; a container of its own so it triggers nothing.</summary>
    public const string Errors = "stock-report-errors";
}
