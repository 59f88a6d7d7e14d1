using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Events;
using Hub.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hub.PartnerFeeds.ReadSide;

/// <summary>
/// Projects <c>partner.record</c> events into <see cref="PartnerRecordView"/> documents. The version is the record's
/// <c>occurredAt</c> in Unix milliseconds, so the same record read again (a repeated page, a cursor that went back, a crash
/// before the checkpoint, a push of a pulled record) writes nothing, and an older state of a record never replaces a newer one.
/// </summary>
public sealed partial class PartnerRecordProjection(IReadStore store, ILogger<PartnerRecordProjection> logger)
{
    public const string Container = ReadStoreContainers.PartnerRecords;

    public Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken) =>
        ProjectAsync(cloudEvent.Id!, HubCloudEvents.GetData<PartnerRecordData>(cloudEvent), cancellationToken);

    /// <summary>Writes the record unless the store holds it at the same or a later <c>occurredAt</c>; true when written.</summary>
    public async Task<bool> ProjectAsync(string eventId, PartnerRecordData record, CancellationToken cancellationToken)
    {
        var document = new VersionedDocument(
            PartnerRecordData.PartitionFor(record.PartnerId, record.RecordType, record.Reference),
            record.RecordId,
            VersionOf(record),
            HubJson.Serialize(PartnerRecordView.From(eventId, record), PartnerFeedsJsonContext.Default.PartnerRecordView));
        var written = await store.UpsertNewerAsync(Container, [document], cancellationToken).ConfigureAwait(false) > 0;
        if (written) LogProjected(eventId, document.PartitionKey, record.RecordId);
        else LogIgnored(eventId, document.PartitionKey, record.RecordId);
        return written;
    }

    /// <summary>The record's version: when it occurred, in Unix milliseconds (records before 1970 count as 0).</summary>
    public static long VersionOf(PartnerRecordData record) => Math.Max(0, record.OccurredAt.ToUnixTimeMilliseconds());

    [LoggerMessage(Level = LogLevel.Debug, Message = "Projected {CloudEventId} into partner record {Partition}/{RecordId}")]
    private partial void LogProjected(string cloudEventId, string partition, string recordId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored {CloudEventId} for partner record {Partition}/{RecordId}: the store holds it at the same or a later occurredAt")]
    private partial void LogIgnored(string cloudEventId, string partition, string recordId);
}
