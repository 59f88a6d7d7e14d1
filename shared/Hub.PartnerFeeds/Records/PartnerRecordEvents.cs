using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Events;

namespace Hub.PartnerFeeds.Records;

/// <summary>Partner records as the <c>partner.record</c> events pulls and pushes publish alike.</summary>
public static class PartnerRecordEvents
{
    /// <summary>The record's event: id and subject from (partner, record id) only, so the same record read again is the same event.</summary>
    public static CloudEvent Create(PartnerRecordData record) => HubCloudEvents.Create(
        PartnerRecordData.IdFor(record.PartnerId, record.RecordId),
        PartnerFeedEventTypes.Record,
        EventSources.PartnerFeeds,
        PartnerRecordData.SubjectFor(record.PartnerId, record.RecordId),
        record.OccurredAt,
        record);
}
