using Hub.StockReports.Running;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.StockReports;

/// <summary>
/// Every five minutes, requests the run of every report whose request was lost (<see cref="StockReportSweep"/>): a crash
/// between recording a report and publishing its request, a run that died unseen, a retry never scheduled.
/// </summary>
public sealed class SweepStockReports(StockReportSweep sweep)
{
    [Function(nameof(SweepStockReports))]
    public Task<int> RunAsync([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweep.SweepOnceAsync(cancellationToken);
}
