using System.Text.Json;

namespace Hub.PartnerFeeds.Model;

/// <summary>
/// A partner record that failed mapping, kept until it is re-processed: read-store container <c>partner-quarantine</c>,
/// partition = partner id, id = <see cref="RecordId"/>. The item is kept exactly as it came, so that a re-process after the
/// partner's mapping is fixed reads what the partner sent.
/// </summary>
/// <param name="RecordId">The item's id; for an item without a usable id, <c>malformed-</c> and the SHA-256 of its bytes.</param>
/// <param name="Feed">The feed it came from; null when pushed.</param>
/// <param name="PartnerType">The item's type as the partner wrote it, when it had one.</param>
/// <param name="Reason">Why it failed, naming the field (e.g. <c>data.trackingNumber: required</c>).</param>
/// <param name="Item">The whole item as received.</param>
/// <param name="Attempts">Times it was mapped and failed (1 on arrival, +1 per re-process that failed again).</param>
public sealed record QuarantinedRecord(
    string PartnerId,
    string RecordId,
    string? Feed,
    string? PartnerType,
    string Reason,
    JsonElement Item,
    DateTimeOffset QuarantinedAt,
    int Attempts);
