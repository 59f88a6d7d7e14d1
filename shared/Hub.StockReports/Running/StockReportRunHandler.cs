using CloudNative.CloudEvents;
using Hub.Contracts.Stock;
using Hub.Core.Events;
using Hub.StockReports.Processing;
using Microsoft.Extensions.Logging;

namespace Hub.StockReports.Running;

/// <summary>
/// The runner consumer (<see cref="Hub.Contracts.Consumers.RunStockReport"/>): runs the report a <c>run.requested</c> event
/// names, in Standalone and in Azure alike. A run that fails on a fault of the hub gets its retry as a request for later,
/// so nothing of a pending retry lives only in memory: a restart finds it in the bus.
/// </summary>
/// <remarks>
/// The request's attempt tells a live request from a stale one. A report in <c>processing</c> is run by a request for its
/// current attempt (the run it started died: a crash, a lost lock) and not by an older one; a <c>failed</c> report only by
/// the request for its next attempt, and an older request redelivered only makes sure that retry is requested.
/// </remarks>
public sealed class StockReportRunHandler(
    StockReportProcessor processor, StockReportStatusStore statuses, StockReportRunRequests requests, ILogger<StockReportRunHandler> logger)
{
    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        // The subscription takes only run requests; anything else is not this handler's to run.
        if (cloudEvent.Type != StockEventTypes.RunRequested) return;
        var request = HubCloudEvents.GetData<StockReportRunRequested>(cloudEvent);
        var report = await statuses.GetAsync(request.OperatorId, request.ReportId, cancellationToken).ConfigureAwait(false);
        if (report is null)
        {
            logger.LogWarning("Run request {CloudEventId} names stock report {ReportId} of {OperatorId}, which was never received; nothing to run",
                cloudEvent.Id, request.ReportId, request.OperatorId);
            return;
        }

        switch (report.Status)
        {
            case StockReportStatuses.Received:
            case StockReportStatuses.Processing when request.Attempt >= report.Attempts:
            case StockReportStatuses.Failed when request.Attempt > report.Attempts:
                break;
            case StockReportStatuses.Failed:
                // A redelivery of the request whose run failed: its retry may not have been requested before the crash.
                await requests.RetryAsync(report, cancellationToken).ConfigureAwait(false);
                return;
            default:
                logger.LogInformation("Run request {CloudEventId} (attempt {Attempt}) finds stock report {ReportId} {Status} at attempt {Attempts}; nothing to run",
                    cloudEvent.Id, request.Attempt, report.ReportId, report.Status, report.Attempts);
                return;
        }

        var settled = await processor.RunAsync(report.OperatorId, report.ReportId, cancellationToken).ConfigureAwait(false);
        if (settled.Status != StockReportStatuses.Failed) return;
        if (await requests.RetryAsync(settled, cancellationToken).ConfigureAwait(false))
            logger.LogWarning("Stock report {ReportId} failed (attempt {Attempt} of {Max}); running it again in {Delay}",
                settled.ReportId, settled.Attempts, StockReportRunRequests.MaxAttempts, requests.RetryDelay(settled.Attempts));
        else
            logger.LogError("Stock report {ReportId} failed {Attempts} times; it runs again when its file is sent again or re-run",
                settled.ReportId, settled.Attempts);
    }
}
