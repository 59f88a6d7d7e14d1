using System.Threading.Channels;
using Hub.Contracts.Stock;
using Hub.StockReports.Processing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.StockReports.Running;

/// <summary>
/// Standalone's worker: runs received reports one at a time, in arrival order, and on start picks up every report a
/// previous run left received or processing (a crash, a kill), so that nothing accepted is left undone.
/// </summary>
public sealed class BackgroundStockReportRunner(
    StockReportProcessor processor, StockReportStatusStore statuses, ILogger<BackgroundStockReportRunner> logger)
    : BackgroundService, IStockReportScheduler
{
    /// <summary>A report that failed on a fault of the hub is run again this many times in all, after growing pauses.</summary>
    public const int MaxAttempts = 3;

    public static TimeSpan RetryDelay(int attempts) => TimeSpan.FromSeconds(5 * Math.Pow(4, attempts - 1));

    private readonly Channel<(string OperatorId, string ReportId)> _queue = Channel.CreateUnbounded<(string, string)>(new() { SingleReader = true });

    public ValueTask ScheduleAsync(StockReportStatus report, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync((report.OperatorId, report.ReportId), cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        foreach (var unfinished in await statuses.UnfinishedAsync(stoppingToken).ConfigureAwait(false))
        {
            logger.LogInformation("Stock report {ReportId} of {OperatorId} was left {Status}; running it again",
                unfinished.ReportId, unfinished.OperatorId, unfinished.Status);
            await ScheduleAsync(unfinished, stoppingToken).ConfigureAwait(false);
        }

        await foreach (var (operatorId, reportId) in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var status = await processor.RunAsync(operatorId, reportId, stoppingToken).ConfigureAwait(false);
                if (status.Status == StockReportStatuses.Failed && status.Attempts < MaxAttempts) RetryLater(status, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Stock report {ReportId} of {OperatorId} could not be run", reportId, operatorId);
            }
        }
    }

    private void RetryLater(StockReportStatus failed, CancellationToken stoppingToken)
    {
        var delay = RetryDelay(failed.Attempts);
        logger.LogWarning("Stock report {ReportId} failed (attempt {Attempt} of {Max}); running it again in {Delay}",
            failed.ReportId, failed.Attempts, MaxAttempts, delay);
        _ = Task.Delay(delay, stoppingToken).ContinueWith(
            _ => _queue.Writer.TryWrite((failed.OperatorId, failed.ReportId)), stoppingToken, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }
}
