using Hub.Contracts.Stock;
using Hub.Core.Registry;
using Hub.StockReports.Intake;

namespace Hub.StockReports.Processing;

/// <summary>
/// The blob path (Azure: the blob trigger on <c>stock-reports</c>): takes the blob in and runs it unless it is settled.
/// The upload route's own blobs come through here too, already received, and run here.
/// </summary>
public sealed class StockReportBlobHandler(StockReportIntake intake, StockReportProcessor processor, HubRegistry registry)
{
    private readonly IReadOnlySet<string> _operators = registry.Operators.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The report's status once handled, or null when the blob is not a report the hub takes. Throws
    /// <see cref="StockReportFailedException"/> when processing failed on a fault of the hub, so that the trigger's
    /// delivery is retried: the retry finds the report failed, takes it in again and runs it again.
    /// </summary>
    public async Task<StockReportStatus?> HandleAsync(string blobName, CancellationToken cancellationToken)
    {
        var outcome = await intake.AcceptBlobAsync(blobName, _operators, cancellationToken).ConfigureAwait(false);
        if (outcome is null) return null;
        if (StockReportStatuses.IsSettled(outcome.Status.Status)) return outcome.Status;
        var status = await processor.RunAsync(outcome.Status.OperatorId, outcome.Status.ReportId, cancellationToken).ConfigureAwait(false);
        return status.Status == StockReportStatuses.Failed ? throw new StockReportFailedException(status) : status;
    }
}

/// <summary>A report failed on a fault of the hub (the bus, the store); running it again may succeed.</summary>
public sealed class StockReportFailedException(StockReportStatus status)
    : Exception($"Stock report {status.ReportId} of {status.OperatorId} failed: {status.Reason}")
{
    public StockReportStatus Status { get; } = status;
}
