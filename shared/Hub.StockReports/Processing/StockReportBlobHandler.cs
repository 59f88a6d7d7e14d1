using Hub.Contracts.Stock;
using Hub.Core.Registry;
using Hub.StockReports.Intake;
using Hub.StockReports.Running;

namespace Hub.StockReports.Processing;

/// <summary>
/// The blob path (Azure: the blob trigger on <c>stock-reports</c>): takes the blob in and, while the report waits to run,
/// requests its run, which the runner consumer does as for any upload. Quick: it hashes the file and runs nothing.
/// The upload route's own blobs come through here too; their request is the one the upload published (same id), and the
/// bus keeps one.
/// </summary>
public sealed class StockReportBlobHandler(StockReportIntake intake, IStockReportScheduler scheduler, HubRegistry registry)
{
    private readonly IReadOnlySet<string> _operators = registry.Operators.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>The report's status as taken in (received, or as it already stood); null when the blob is not a report the hub takes.</summary>
    public async Task<StockReportStatus?> HandleAsync(string blobName, CancellationToken cancellationToken)
    {
        var outcome = await intake.AcceptBlobAsync(blobName, _operators, cancellationToken).ConfigureAwait(false);
        if (outcome is null) return null;
        if (outcome.Status.Status == StockReportStatuses.Received)
            await scheduler.ScheduleAsync(outcome.Status, cancellationToken).ConfigureAwait(false);
        return outcome.Status;
    }
}
