using Hub.Contracts.Stock;

namespace Hub.StockReports.Running;

/// <summary>
/// Has a received report processed. Standalone runs it on a background worker; in Azure nothing needs doing, because
/// the blob the upload wrote raises the blob trigger that runs it.
/// </summary>
public interface IStockReportScheduler
{
    ValueTask ScheduleAsync(StockReportStatus report, CancellationToken cancellationToken);
}

/// <summary>For hosts where the blob trigger runs every report (the Functions apps).</summary>
public sealed class BlobTriggerRunsReports : IStockReportScheduler
{
    public ValueTask ScheduleAsync(StockReportStatus report, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
