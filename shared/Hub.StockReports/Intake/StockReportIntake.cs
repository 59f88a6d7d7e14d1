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

        if (existing.Status == StockReportStatuses.Failed)
        {
            var again = existing with { Status = StockReportStatuses.Received, BlobName = blobName, Reason = null, CompletedAt = null };
            await statuses.PutAsync(again, cancellationToken).ConfigureAwait(false);
            if (existing.BlobName != blobName)
                await blobs.DeleteAsync(StockReportBlobs.Reports, existing.BlobName, CancellationToken.None).ConfigureAwait(false);
            logger.LogInformation("Stock report {ReportId} of {OperatorId} received again after it failed; running it again", reportId, operatorId);
            return new IntakeOutcome(again, Duplicate: false, ShouldRun: true);
        }

        return new IntakeOutcome(existing, Duplicate: true, ShouldRun: false);
    }
}

/// <param name="Duplicate">The same bytes were received before (the status is theirs).</param>
/// <param name="ShouldRun">The report is new (or failed before) and is to be processed.</param>
public sealed record IntakeOutcome(StockReportStatus Status, bool Duplicate, bool ShouldRun);
