using System.Text.Json;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Storage;
using Hub.PartnerFeeds.Mapping;
using Hub.PartnerFeeds.Model;

namespace Hub.PartnerFeeds.Records;

/// <summary>
/// Partner records that failed mapping (container <see cref="ReadStoreContainers.PartnerQuarantine"/>), kept with the reason
/// and the item as it came until a re-process maps them. Pulls and pushes quarantine alike.
/// </summary>
public sealed class PartnerQuarantine(IReadStore store)
{
    public const string Container = ReadStoreContainers.PartnerQuarantine;

    /// <summary>
    /// Keeps <paramref name="item"/> with its reason; a record quarantined again keeps its first time and counts the attempt.
    /// True when the record was not in the quarantine before (a feed's quarantined count grows by those).
    /// </summary>
    public async Task<bool> PutAsync(string partnerId, string? feed, JsonElement item, PartnerRecordMapping.Quarantined outcome, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        var existing = await GetAsync(partnerId, outcome.RecordId, cancellationToken).ConfigureAwait(false);
        var record = new QuarantinedRecord(partnerId, outcome.RecordId, feed ?? existing?.Feed, outcome.PartnerType, outcome.Reason,
            item.Clone(), existing?.QuarantinedAt ?? now, (existing?.Attempts ?? 0) + 1);
        await store.UpsertAsync(Container, partnerId, outcome.RecordId, Serialize(record), WriteCondition.Always, cancellationToken)
            .ConfigureAwait(false);
        return existing is null;
    }

    /// <summary>Whether the partner has any record in the quarantine (one cheap read, so that mapped records are looked up only then).</summary>
    public async Task<bool> AnyAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        var page = await store.QueryAsync(new DocumentQuery(Container) { PartitionKey = partnerId, PageSize = 1 }, cancellationToken).ConfigureAwait(false);
        return page.Items.Count > 0;
    }

    public async Task<QuarantinedRecord?> GetAsync(string partnerId, string recordId, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(Container, partnerId, recordId, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : Deserialize(stored.Json);
    }

    /// <summary>Forgets a record once it mapped (re-processed, or arrived again and mapped). False when it was not there.</summary>
    public Task<bool> RemoveAsync(string partnerId, string recordId, CancellationToken cancellationToken = default) =>
        store.DeleteAsync(Container, partnerId, recordId, cancellationToken);

    /// <summary>One page of a partner's quarantine, oldest id first; <paramref name="feed"/> narrows it to one feed.</summary>
    public async Task<(IReadOnlyList<QuarantinedRecord> Items, string? ContinuationToken)> ListAsync(string partnerId, string? feed,
        int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var page = await store.QueryAsync(new DocumentQuery(Container)
        {
            PartitionKey = partnerId,
            Filters = feed is null ? [] : [DocumentFilter.Eq("feed", feed)],
            PageSize = pageSize,
            ContinuationToken = continuationToken,
        }, cancellationToken).ConfigureAwait(false);
        return (page.Items.Select(d => Deserialize(d.Json)).ToList(), page.ContinuationToken);
    }

    public static string Serialize(QuarantinedRecord record) => HubJson.Serialize(record, PartnerFeedsJsonContext.Default.QuarantinedRecord);

    public static QuarantinedRecord Deserialize(string json) =>
        JsonSerializer.Deserialize(json, PartnerFeedsJsonContext.Default.QuarantinedRecord)
        ?? throw new JsonException("A quarantined record's document is null.");
}
