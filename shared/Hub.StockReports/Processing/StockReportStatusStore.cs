using System.Text.Json;
using Hub.Contracts;
using Hub.Contracts.Stock;
using Hub.Core.Storage;

namespace Hub.StockReports.Processing;

/// <summary>Report statuses in the read store: container <see cref="ReadStoreContainers.StockReports"/>, partition = operator, id = report.</summary>
public sealed class StockReportStatusStore(IReadStore store)
{
    public async Task<StockReportStatus?> GetAsync(string operatorId, string reportId, CancellationToken cancellationToken) =>
        (await GetForUpdateAsync(operatorId, reportId, cancellationToken).ConfigureAwait(false))?.Status;

    /// <summary>The status with the ETag of its stored version, for a write that must not overtake another writer.</summary>
    public async Task<(StockReportStatus Status, string ETag)?> GetForUpdateAsync(string operatorId, string reportId, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(ReadStoreContainers.StockReports, operatorId, reportId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : (Deserialize(document.Json), document.ETag);
    }

    /// <summary>Writes the status only over the version <paramref name="etag"/> names: its new ETag, or null when another writer came first.</summary>
    public async Task<string?> ReplaceAsync(StockReportStatus status, string etag, CancellationToken cancellationToken)
    {
        var outcome = await WriteAsync(status, WriteCondition.IfMatch(etag), cancellationToken).ConfigureAwait(false);
        return outcome.Succeeded ? outcome.ETag : null;
    }

    /// <summary>Writes the status; with <paramref name="onlyIfNew"/>, only when the report has none yet (false: another arrival was first).</summary>
    public async Task<bool> PutAsync(StockReportStatus status, CancellationToken cancellationToken, bool onlyIfNew = false) =>
        (await WriteAsync(status, onlyIfNew ? WriteCondition.NotExists : WriteCondition.Always, cancellationToken).ConfigureAwait(false)).Succeeded;

    private Task<WriteOutcome> WriteAsync(StockReportStatus status, WriteCondition condition, CancellationToken cancellationToken) =>
        store.UpsertAsync(ReadStoreContainers.StockReports, status.OperatorId, status.ReportId,
            HubJson.Serialize(status, ContractsJsonContext.Default.StockReportStatus), condition, cancellationToken);

    /// <summary>Every report in one of <paramref name="wanted"/> (the sweep's received, processing and failed), oldest first.</summary>
    public async Task<IReadOnlyList<StockReportStatus>> InStatusAsync(IReadOnlyList<string> wanted, CancellationToken cancellationToken)
    {
        var found = new List<StockReportStatus>();
        foreach (var status in wanted)
        {
            string? token = null;
            do
            {
                var page = await store.QueryAsync(new DocumentQuery(ReadStoreContainers.StockReports)
                {
                    Filters = [DocumentFilter.Eq("status", status)],
                    PageSize = 200,
                    ContinuationToken = token,
                }, cancellationToken).ConfigureAwait(false);
                found.AddRange(page.Items.Select(d => Deserialize(d.Json)));
                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        return found.OrderBy(s => s.ReceivedAt).ToList();
    }

    private static StockReportStatus Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ContractsJsonContext.Default.StockReportStatus)
        ?? throw new InvalidDataException("A stock report status document is null.");
}
