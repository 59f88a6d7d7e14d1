using Hub.StockReports.Retention;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.StockReports;

/// <summary>
/// Deletes finished reports, uploads and errors.csv past their Hub:Retention windows (<see cref="StockReportRetention"/>,
/// the handler Standalone runs every SweepInterval). A fixed schedule: a timer trigger cannot read a TimeSpan setting on
/// Flex Consumption, and every 10 minutes is the default SweepInterval, shorter than any window worth having in Azure.
/// </summary>
public sealed class SweepStockReportRetention(StockReportRetention sweep)
{
    /// <summary>NCRONTAB with seconds: at second 0 of every tenth minute.</summary>
    public const string Schedule = "0 */10 * * * *";

    /// <returns>How many blobs and status documents went.</returns>
    [Function(nameof(SweepStockReportRetention))]
    public Task<long> RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweep.SweepAsync(cancellationToken);
}
