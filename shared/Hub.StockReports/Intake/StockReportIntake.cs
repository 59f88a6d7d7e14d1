using Hub.Contracts.Stock;
using Hub.Core.Registry;
using Hub.Core.Storage;
using Hub.StockReports.Processing;
using Hub.StockReports.Running;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.StockReports.Intake;

/// <summary>
/// Takes a report in, however it came: streams it into the <c>stock-reports</c> container (hashing on the way) or hashes a
/// blob already there, and records it as <c>received</c> under an id derived from its operator and bytes. The same bytes
/// again are recognised as the report they already are.
/// </summary>
public sealed class StockReportIntake(
    IBlobStore blobs,
    StockReportStatusStore statuses,
    IStockReportScheduler scheduler,
    TimeProvider clock,
    IOptions<StockReportOptions> options,
    ILogger<StockReportIntake> logger)
{
    /// <summary>
    /// The upload route and the inbox: stores <paramref name="content"/> as a new blob and accepts it. Throws
    /// <see cref="ReportTooLargeException"/> past the size limit, leaving nothing stored.
    /// </summary>
    public async Task<IntakeOutcome> ReceiveAsync(string operatorId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        var receivedAt = clock.GetUtcNow();
        // A folder per arrival: two different files of the same name never overwrite each other before they are read.
        var blobName = $"{operatorId}/uploads/{receivedAt:yyyyMMdd'T'HHmmssfff'Z'}-{Guid.NewGuid().ToString("N")[..8]}/{fileName}";
        string sha256;
        long bytes;
        using (var hashing = new HashingReadStream(content, options.Value.MaxFileBytes))
        {
            await blobs.UploadAsync(StockReportBlobs.Reports, blobName, hashing, cancellationToken).ConfigureAwait(false);
            (sha256, bytes) = (hashing.Sha256Hex(), hashing.BytesRead);
        }

        var outcome = await AcceptAsync(operatorId, fileName, blobName, sha256, bytes, receivedAt, cancellationToken).ConfigureAwait(false);
        if (outcome.Duplicate && outcome.Status.BlobName != blobName)
            await blobs.DeleteAsync(StockReportBlobs.Reports, blobName, CancellationToken.None).ConfigureAwait(false);
        if (outcome.ShouldRun) await scheduler.ScheduleAsync(outcome.Status, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>
    /// The blob path: a file already in the container under <c>{operatorId}/</c>. Null when the blob is not a report this hub
    /// takes (unknown operator, a name or format it refuses); the reason is logged, since nobody waits for an answer.
    /// </summary>
    public async Task<IntakeOutcome?> AcceptBlobAsync(string blobName, IReadOnlySet<string> knownOperators, CancellationToken cancellationToken)
    {
        var slash = blobName.IndexOf('/');
        var operatorId = slash > 0 ? blobName[..slash] : "";
        var fileName = blobName[(blobName.LastIndexOf('/') + 1)..];
        var problem = slash <= 0 ? "it is not under an operator's folder"
            : !knownOperators.Contains(operatorId) ? $"no operator '{operatorId}' is registered"
            : ReportFileNames.Problem(fileName) ?? ReportFileNames.FormatProblem(fileName);
        if (problem is not null)
        {
            logger.LogWarning("Blob {Container}/{BlobName} is not taken as a stock report: {Problem}", StockReportBlobs.Reports, blobName, problem);
            return null;
        }

        var content = await blobs.OpenReadAsync(StockReportBlobs.Reports, blobName, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            logger.LogWarning("Blob {Container}/{BlobName} is gone before it could be read", StockReportBlobs.Reports, blobName);
            return null;
        }

        string sha256;
        long bytes;
        await using (content.ConfigureAwait(false))
        using (var hashing = new HashingReadStream(content))
        {
            await hashing.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            (sha256, bytes) = (hashing.Sha256Hex(), hashing.BytesRead);
        }

        return await AcceptAsync(operatorId, fileName, blobName, sha256, bytes, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A failed report (a fault of the hub) or a rejected one (the file, or the operator's profile, such as its declared
    /// encoding) runs again when its bytes arrive again: the profile may have changed since. Nothing of either was applied.
    /// </summary>
    public static bool CanRunAgain(string status) => status is StockReportStatuses.Failed or StockReportStatuses.Rejected;

    /// <summary>
    /// The re-run route: a failed or rejected report is taken in again from the file it was received with, exactly as if
    /// its bytes were sent again (in Azure the new blob raises the trigger that runs it).
    /// </summary>
    public async Task<RerunOutcome> RerunAsync(string operatorId, string reportId, CancellationToken cancellationToken)
    {
        var existing = await statuses.GetAsync(operatorId, reportId, cancellationToken).ConfigureAwait(false);
        if (existing is null) return new RerunOutcome(RerunResult.NotFound, null);
        if (!CanRunAgain(existing.Status)) return new RerunOutcome(RerunResult.NotRerunnable, existing);

        var content = await blobs.OpenReadAsync(StockReportBlobs.Reports, existing.BlobName, cancellationToken).ConfigureAwait(false);
        if (content is null) return new RerunOutcome(RerunResult.FileGone, existing);
        IntakeOutcome outcome;
        await using (content.ConfigureAwait(false))
            outcome = await ReceiveAsync(operatorId, existing.FileName, content, cancellationToken).ConfigureAwait(false);
        // Another re-run or the same bytes sent again came first: this one has nothing left to start.
        return new RerunOutcome(outcome.Duplicate ? RerunResult.NotRerunnable : RerunResult.Started, outcome.Status);
    }

    private async Task<IntakeOutcome> AcceptAsync(
        string operatorId, string fileName, string blobName, string sha256, long bytes, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var reportId = StockReportIds.For(operatorId, sha256);
        var existing = await statuses.GetAsync(operatorId, reportId, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            var received = new StockReportStatus
            {
                ReportId = reportId,
                OperatorId = operatorId,
                FileName = fileName,
                BlobName = blobName,
                Sha256 = sha256,
                Bytes = bytes,
                Status = StockReportStatuses.Received,
                ReceivedAt = receivedAt,
            };
            if (await statuses.PutAsync(received, cancellationToken, onlyIfNew: true).ConfigureAwait(false))
            {
                logger.LogInformation("Stock report {ReportId} of {OperatorId} received: {FileName}, {Bytes} bytes", reportId, operatorId, fileName, bytes);
                return new IntakeOutcome(received, Duplicate: false, ShouldRun: true);
            }

            // The same bytes arrived twice at once and the other arrival recorded them first.
            existing = await statuses.GetAsync(operatorId, reportId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Stock report '{reportId}' vanished while being received.");
        }

        // A failed report runs again on any arrival, a redelivery of its own blob included (that is how the trigger retries);
        // a rejected one only on a new arrival of its bytes, so that a blob event delivered twice does not run it twice.
        if (existing.Status == StockReportStatuses.Failed || (existing.Status == StockReportStatuses.Rejected && existing.BlobName != blobName))
        {
            // Nothing of a failed or rejected run was applied: what it showed goes, and the report runs again from the top.
            var again = existing with
            {
                Status = StockReportStatuses.Received, BlobName = blobName, Reason = null, CompletedAt = null,
                RowsTotal = null, RowsAccepted = null, RowsRejected = null, StockLevels = null, Warehouses = null, LowStockAlerts = null,
                Errors = null, ErrorsUrl = null, Warnings = null,
            };
            await statuses.PutAsync(again, cancellationToken).ConfigureAwait(false);
            if (existing.BlobName != blobName)
                await blobs.DeleteAsync(StockReportBlobs.Reports, existing.BlobName, CancellationToken.None).ConfigureAwait(false);
            logger.LogInformation("Stock report {ReportId} of {OperatorId} received again after it was {Status}; running it again",
                reportId, operatorId, existing.Status);
            return new IntakeOutcome(again, Duplicate: false, ShouldRun: true);
        }

        return new IntakeOutcome(existing, Duplicate: true, ShouldRun: false);
    }
}

/// <param name="Duplicate">The same bytes were received before (the status is theirs).</param>
/// <param name="ShouldRun">The report is new (or failed before) and is to be processed.</param>
public sealed record IntakeOutcome(StockReportStatus Status, bool Duplicate, bool ShouldRun);

public enum RerunResult
{
    Started,
    NotFound,
    /// <summary>The report is received, running or completed: only a failed or rejected one runs again.</summary>
    NotRerunnable,
    /// <summary>The file the report was received with is no longer kept.</summary>
    FileGone,
}

/// <param name="Status">The report's status: as it now runs, or as it stands when it was not run again.</param>
public sealed record RerunOutcome(RerunResult Result, StockReportStatus? Status);
