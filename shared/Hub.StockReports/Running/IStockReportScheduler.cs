using Hub.Contracts.Stock;

namespace Hub.StockReports.Running;

/// <summary>
/// Has a received report run: in every host, a <c>run.requested</c> event on <c>stock</c> that the runner consumer takes
/// (<see cref="StockReportRunRequests"/>). Called once the report's status is stored: a crash in between leaves a received
/// report without its request, which <see cref="StockReportSweep"/> finds.
/// </summary>
public interface IStockReportScheduler
{
    ValueTask ScheduleAsync(StockReportStatus report, CancellationToken cancellationToken);
}
