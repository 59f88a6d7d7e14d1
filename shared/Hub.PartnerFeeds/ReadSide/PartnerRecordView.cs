using System.Text.Json;
using Hub.Contracts.PartnerFeeds;

namespace Hub.PartnerFeeds.ReadSide;

/// <summary>
/// A partner record as the read store keeps it (container <c>partner-records</c>, partition
/// <see cref="PartnerRecordData.PartitionFor"/>, id = record id) and <c>GET /api/partners/{partnerId}/records</c> lists it:
/// every field of the <c>partner.record</c> event's data, the partner's payload and extra fields included, and the id of the
/// event that wrote it.
/// </summary>
public sealed record PartnerRecordView(
    string EventId,
    string PartnerId,
    string? Feed,
    string RecordId,
    string RecordType,
    string PartnerType,
    string Reference,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    IReadOnlyDictionary<string, string> Fields,
    JsonElement Data,
    IReadOnlyDictionary<string, JsonElement>? Extra)
{
    public static PartnerRecordView From(string eventId, PartnerRecordData record) => new(
        eventId, record.PartnerId, record.Feed, record.RecordId, record.RecordType, record.PartnerType, record.Reference,
        record.OccurredAt, record.ReceivedAt, record.Fields, record.Data, record.Extra);
}
