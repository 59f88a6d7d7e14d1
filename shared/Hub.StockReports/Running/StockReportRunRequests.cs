using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.StockReports.Running;

/// <summary>
/// Publishes the requests that run reports: at once when a report is received, for later when a run failed on a fault of
/// the hub and has attempts left. A request's id names its report and attempt, so the same request published twice (a
/// redelivered handler, the sweep) is one.
/// </summary>
public sealed class StockReportRunRequests(IEventBus bus, TimeProvider clock, IOptions<StockReportOptions> options, ILogger<StockReportRunRequests> logger)
    : IStockReportScheduler
{
    /// <summary>A report that failed on a fault of the hub is run this many times in all, after growing pauses.</summary>
    public const int MaxAttempts = 3;

    /// <summary>The pause after the <paramref name="attempts"/>-th failed run: the base delay, times 4 for each run before.</summary>
    public TimeSpan RetryDelay(int attempts) => options.Value.RetryBaseDelay * Math.Pow(4, attempts - 1);

    /// <summary>
    /// Requests the run of a report just received. A bus that cannot take the request does not undo the receipt: the report
    /// is durably recorded, the sender has its answer, and the sweep requests the run once the bus is back.
    /// </summary>
    public async ValueTask ScheduleAsync(StockReportStatus report, CancellationToken cancellationToken)
    {
        try
        {
            await bus.PublishAsync(Topics.Stock, [Request(report, report.Attempts + 1)], cancellationToken).ConfigureAwait(false);
        }
        catch (EventBusUnavailableException e)
        {
            logger.LogWarning(e, "The run of stock report {ReportId} of {OperatorId} could not be requested; the sweep requests it within {SweepAfter}",
                report.ReportId, report.OperatorId, options.Value.SweepAfter);
        }
    }

    /// <summary>
    /// Requests <paramref name="attempt"/> no earlier than <paramref name="notBefore"/>. Published for later so that the bus
    /// keeps one request per id: what the sweep or a redelivery requests again while the first waits adds nothing.
    /// </summary>
    public Task RequestAsync(StockReportStatus report, int attempt, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        bus.PublishLaterAsync(Topics.Stock, Request(report, attempt), notBefore, cancellationToken);

    /// <summary>The retry of a run that failed on a fault of the hub, after its pause; false when it has no attempts left.</summary>
    public async Task<bool> RetryAsync(StockReportStatus failed, CancellationToken cancellationToken)
    {
        if (failed.Attempts >= MaxAttempts) return false;
        var notBefore = (failed.CompletedAt ?? clock.GetUtcNow()) + RetryDelay(failed.Attempts);
        await RequestAsync(failed, failed.Attempts + 1, notBefore, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private CloudEvent Request(StockReportStatus report, int attempt) => HubCloudEvents.Create(
        StockReportRunRequested.IdFor(report.OperatorId, report.ReportId, attempt),
        StockEventTypes.RunRequested,
        EventSources.StockReports,
        $"{report.OperatorId}/{report.ReportId}",
        clock.GetUtcNow(),
        new StockReportRunRequested(report.OperatorId, report.ReportId, attempt));
}
