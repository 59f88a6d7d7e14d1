namespace Hub.Contracts.Stock;

/// <summary>
/// The data of <c>run.requested</c>: run a received report. Its CloudEvent id is <see cref="IdFor"/>, one per attempt, so
/// that the same request published twice (a redelivered handler, the sweep) is recognised as one.
/// </summary>
/// <param name="Attempt">The attempt this request starts: the report's <see cref="StockReportStatus.Attempts"/> after it starts.</param>
public sealed record StockReportRunRequested(string OperatorId, string ReportId, int Attempt)
{
    public static string IdFor(string operatorId, string reportId, int attempt) => $"stock-run/{operatorId}/{reportId}/{attempt}";
}
