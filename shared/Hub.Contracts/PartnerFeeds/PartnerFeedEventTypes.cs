namespace Hub.Contracts.PartnerFeeds;

/// <summary>Wire names of the partner-feeds events (see <see cref="Orders.OrderEventTypes"/> for why they are not type names).</summary>
public static class PartnerFeedEventTypes
{
    /// <summary>
    /// One partner record, mapped and validated (subject = <c>{partnerId}/{recordId}</c>), pulled from a feed or pushed by the
    /// partner. Its CloudEvent id is <see cref="PartnerRecordData.IdFor"/>: the same record read twice (a repeated page, a
    /// cursor that went back, a crash before the checkpoint) is the same event, and the read store changes nothing.
    /// </summary>
    public const string Record = "hub.partner-feeds.partner.record.v1";

    /// <summary>
    /// Pull one feed of one partner now (subject = <c>{partnerId}/{feed}</c>), by the <c>puller</c> subscription: published by
    /// the schedule (cron per feed), by an operator's sync request, and after a pull that stopped with pages left.
    /// </summary>
    public const string PullRequested = "hub.partner-feeds.pull.requested.v1";
}

/// <summary>The canonical record types partner items map to (the registry maps a partner's own type names onto these).</summary>
public static class PartnerRecordTypes
{
    /// <summary>A parcel's or consignment's status at a carrier; reference = tracking number.</summary>
    public const string ShipmentStatus = "shipment-status";

    /// <summary>A customs declaration's clearance status; reference = declaration number.</summary>
    public const string CustomsClearance = "customs-clearance";

    /// <summary>A product listed on the partner's marketplace; reference = the partner's listing id or SKU.</summary>
    public const string Listing = "listing";

    /// <summary>Buyers' demand the partner observed (searches, enquiries) for a product or HS code; reference = the signal's id.</summary>
    public const string DemandSignal = "demand-signal";

    public static IReadOnlyList<string> All { get; } = [ShipmentStatus, CustomsClearance, Listing, DemandSignal];
}

/// <summary>
/// The data of <c>partner.record</c>: one partner record in the hub's terms. <see cref="Data"/> is the partner's payload as it
/// came, every field kept (those the hub does not know too); <see cref="Fields"/> are the canonical fields the mapping read.
/// </summary>
/// <param name="PartnerId">The partner in the registry.</param>
/// <param name="Feed">The feed it was pulled from; null when the partner pushed it (<c>POST /api/partners/{id}/events</c>).</param>
/// <param name="RecordId">The partner's id of the record, stable across pages.</param>
/// <param name="RecordType">One of <see cref="PartnerRecordTypes"/>.</param>
/// <param name="PartnerType">The type name the partner used.</param>
/// <param name="Reference">The key a user looks the record up by: tracking number, declaration number, listing id or signal id.</param>
/// <param name="OccurredAt">When the partner says it occurred.</param>
/// <param name="ReceivedAt">When the hub read it.</param>
/// <param name="Fields">The canonical fields of <see cref="RecordType"/>, as the mapping read them (e.g. <c>status</c>, <c>orderId</c>).</param>
/// <param name="Data">The partner's payload, untouched (a JSON object).</param>
/// <param name="Extra">Fields of the item beyond the protocol's <c>id</c>, <c>type</c>, <c>occurredAt</c> and <c>data</c>, kept as they came; null when none.</param>
public sealed record PartnerRecordData(
    string PartnerId,
    string? Feed,
    string RecordId,
    string RecordType,
    string PartnerType,
    string Reference,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    IReadOnlyDictionary<string, string> Fields,
    System.Text.Json.JsonElement Data,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Extra = null)
{
    /// <summary>The CloudEvent id of a partner's record: one per (partner, record id), whichever feed or push it came by.</summary>
    public static string IdFor(string partnerId, string recordId) => $"partner-record/{partnerId}/{recordId}";

    public static string SubjectFor(string partnerId, string recordId) => $"{partnerId}/{recordId}";

    /// <summary>The record's read-store partition (<see cref="ReadStoreContainers.PartnerRecords"/>).</summary>
    public static string PartitionFor(string partnerId, string recordType, string reference) => $"{partnerId}/{recordType}/{reference}";
}

/// <summary>
/// The data of <c>pull.requested</c>. Its CloudEvent id names the (partner, feed) and the reason's instant
/// (<see cref="IdFor"/>), so that a schedule tick that fires on two instances requests one pull.
/// </summary>
/// <param name="Reason"><c>schedule</c>, <c>request</c> (an operator) or <c>continue</c> (a pull that stopped with pages left).</param>
/// <param name="RequestedAt">The schedule's occurrence, or when it was requested.</param>
public sealed record PartnerPullRequested(string PartnerId, string Feed, string Reason, DateTimeOffset RequestedAt)
{
    public static string IdFor(string partnerId, string feed, string reason, DateTimeOffset requestedAt) =>
        $"partner-pull/{partnerId}/{feed}/{reason}/{requestedAt.ToUnixTimeMilliseconds()}";

    public static string SubjectFor(string partnerId, string feed) => $"{partnerId}/{feed}";
}
