using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.StockReports.Processing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.StockReports.Running;

/// <summary>
/// Finds reports whose run request was lost and requests them again: a report left <c>received</c> (a crash between storing
/// its status and publishing its request, a blob event that never came), one left <c>processing</c> past the runner's
/// longest run (its run died and nothing redelivered it), one left <c>failed</c> with attempts left past its retry time.
/// Run on a timer in both hosts (Standalone: <see cref="StockReportSweepService"/>; Azure: the SweepStockReports function).
/// </summary>
/// <remarks>
/// A request already waiting in the bus is not doubled: requests are published under an id per report and attempt, and
/// the bus keeps one of each. One delivered after its report settled runs nothing.
/// </remarks>
public sealed class StockReportSweep(
    StockReportStatusStore statuses, StockReportRunRequests requests, TimeProvider clock, IOptions<StockReportOptions> options, ILogger<StockReportSweep> logger)
{
    /// <summary>Requests every report the sweep finds (see the class); returns how many.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var grace = options.Value.SweepAfter;
        var requested = 0;
        var found = await statuses.InStatusAsync([StockReportStatuses.Received, StockReportStatuses.Processing, StockReportStatuses.Failed], cancellationToken)
            .ConfigureAwait(false);
        foreach (var report in found)
        {
            int? attempt = report.Status switch
            {
                StockReportStatuses.Received when report.ReceivedAt + grace <= now => report.Attempts + 1,
                StockReportStatuses.Processing when (report.StartedAt ?? report.ReceivedAt) + Consumers.RunStockReport.LongestRun + grace <= now => report.Attempts,
                StockReportStatuses.Failed when report.Attempts < StockReportRunRequests.MaxAttempts
                    && (report.CompletedAt ?? report.ReceivedAt) + requests.RetryDelay(report.Attempts) + grace <= now => report.Attempts + 1,
                _ => null,
            };
            if (attempt is not { } due) continue;
            logger.LogWarning("Stock report {ReportId} of {OperatorId} is {Status} (attempt {Attempts}) with no run seen since; requesting attempt {Attempt}",
                report.ReportId, report.OperatorId, report.Status, report.Attempts, due);
            await requests.RequestAsync(report, due, now, cancellationToken).ConfigureAwait(false);
            requested++;
        }
        return requested;
    }
}
