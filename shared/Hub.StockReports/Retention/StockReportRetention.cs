using System.Globalization;
using System.Text.Json;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core;
using Hub.Core.Retention;
using Hub.Core.Storage;
using Hub.StockReports.Processing;
using Microsoft.Extensions.Options;

namespace Hub.StockReports.Retention;

/// <summary>
/// The stock reports' retention, over the blob and read-store ports so that every host runs the same rules (Standalone from
/// <see cref="RetentionSweeps"/>, Azure from a timer function):
/// <list type="bullet">
/// <item>a finished report (completed, with errors, rejected or failed) whose run ended more than
/// <see cref="RetentionOptions.ReportResults"/> ago goes whole: its errors.csv and upload first, its status last, so that
/// a sweep stopped half-way leaves the status by which the next one finds the rest;</item>
/// <item>an upload older than <see cref="RetentionOptions.Uploads"/> goes unless an unfinished report (received or
/// processing) reads it;</item>
/// <item>an errors.csv older than <see cref="RetentionOptions.ReportResults"/> whose status is gone goes too.</item>
/// </list>
/// A report that is received or processing is never touched.
/// </summary>
public sealed class StockReportRetention(IBlobStore blobs, IReadStore store, StockReportStatusStore statuses, IOptions<RetentionOptions> options, TimeProvider time)
    : IRetentionSweep
{
    private static readonly string[] Finished =
        [StockReportStatuses.Completed, StockReportStatuses.CompletedWithErrors, StockReportStatuses.Rejected, StockReportStatuses.Failed];

    public string Name => "stock reports";

    public async Task<long> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var removed = await RemoveOldResultsAsync(now - options.Value.ReportResults, cancellationToken).ConfigureAwait(false);
        removed += await RemoveOldUploadsAsync(now - options.Value.Uploads, cancellationToken).ConfigureAwait(false);
        removed += await RemoveOrphanErrorsAsync(now - options.Value.ReportResults, cancellationToken).ConfigureAwait(false);
        return removed;
    }

    private async Task<long> RemoveOldResultsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long removed = 0;
        foreach (var status in Finished)
        {
            // Received before the cutoff is a coarse filter the store can apply (ISO 8601 text in UTC sorts by time); the
            // end of the run, at or after it, decides.
            var expired = new List<StockReportStatus>();
            string? token = null;
            do
            {
                var page = await store.QueryAsync(new DocumentQuery(ReadStoreContainers.StockReports)
                {
                    Filters = [DocumentFilter.Eq("status", status), DocumentFilter.AtMost("receivedAt", Iso(cutoff))],
                    PageSize = 200,
                    ContinuationToken = token,
                }, cancellationToken).ConfigureAwait(false);
                expired.AddRange(page.Items.Select(d => Read(d.Json)).Where(r => (r.CompletedAt ?? r.StartedAt ?? r.ReceivedAt) <= cutoff));
                token = page.ContinuationToken;
            }
            while (token is not null);

            foreach (var report in expired)
            {
                if (await blobs.DeleteAsync(StockReportBlobs.Errors, StockReportProcessor.ErrorsBlobName(report), cancellationToken).ConfigureAwait(false)) removed++;
                if (await blobs.DeleteAsync(StockReportBlobs.Reports, report.BlobName, cancellationToken).ConfigureAwait(false)) removed++;
                if (await store.DeleteAsync(ReadStoreContainers.StockReports, report.OperatorId, report.ReportId, cancellationToken).ConfigureAwait(false)) removed++;
            }
        }
        return removed;
    }

    private async Task<long> RemoveOldUploadsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var old = new List<string>();
        await foreach (var blob in blobs.ListAsync(StockReportBlobs.Reports, null, cancellationToken).ConfigureAwait(false))
            if (blob.LastModified <= cutoff) old.Add(blob.Name);
        if (old.Count == 0) return 0;
        // Asked after the listing: a report re-run meanwhile is then among the unfinished and keeps its file.
        var inUse = (await statuses.InStatusAsync([StockReportStatuses.Received, StockReportStatuses.Processing], cancellationToken).ConfigureAwait(false)).Select(r => r.BlobName).ToHashSet(StringComparer.Ordinal);
        long removed = 0;
        foreach (var name in old.Where(n => !inUse.Contains(n)))
            if (await blobs.DeleteAsync(StockReportBlobs.Reports, name, cancellationToken).ConfigureAwait(false)) removed++;
        return removed;
    }

    private async Task<long> RemoveOrphanErrorsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long removed = 0;
        var old = new List<string>();
        await foreach (var blob in blobs.ListAsync(StockReportBlobs.Errors, null, cancellationToken).ConfigureAwait(false))
            if (blob.LastModified <= cutoff) old.Add(blob.Name);
        foreach (var name in old)
        {
            // {operatorId}/{reportId}.csv; anything else is not the hub's and is left alone.
            var slash = name.IndexOf('/');
            if (slash <= 0 || !name.EndsWith(".csv", StringComparison.Ordinal) || name.IndexOf('/', slash + 1) >= 0) continue;
            var (operatorId, reportId) = (name[..slash], name[(slash + 1)..^4]);
            if (await statuses.GetAsync(operatorId, reportId, cancellationToken).ConfigureAwait(false) is not null) continue;
            if (await blobs.DeleteAsync(StockReportBlobs.Errors, name, cancellationToken).ConfigureAwait(false)) removed++;
        }
        return removed;
    }

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    private static StockReportStatus Read(string json) =>
        JsonSerializer.Deserialize(json, ContractsJsonContext.Default.StockReportStatus)
        ?? throw new InvalidDataException("A stock report status document is null.");
}
