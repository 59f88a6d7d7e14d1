namespace Hub.PartnerFeeds.Model;

/// <summary>
/// One feed's checkpoint, lease and sync status: read-store container <c>partner-feeds</c>, partition = partner id,
/// id = feed name. The pull writes it with the ETag it read, so two pullers never both advance it.
/// </summary>
/// <param name="Cursor">Where the next pull starts: the next cursor of the last page whose records are all published; null = the beginning.</param>
/// <param name="RecordsSynced">Records published from this feed, all pulls together (a record read twice counts twice only if published twice).</param>
/// <param name="Quarantined">Records of this feed quarantined and not yet re-processed.</param>
/// <param name="LastSyncAt">When a pull last reached the feed's end (hasMore false).</param>
/// <param name="LastPageAt">When a page was last published and the checkpoint advanced.</param>
/// <param name="LastRecordAt">The latest <c>occurredAt</c> of the records published; the lag is measured from it.</param>
/// <param name="LastError">Why the last pull stopped early; null once a pull reaches the end.</param>
/// <param name="LeaseHolder">The pull holding the lease, or null.</param>
/// <param name="LeaseUntil">When the lease lapses, if its holder has not renewed it (a holder that died).</param>
/// <param name="LastScheduledAt">The schedule's last occurrence for which a pull was requested.</param>
/// <param name="Tail">
/// When the page at <paramref name="Cursor"/> was read already (the partner gave no next cursor at the feed's end, so the next
/// pull reads that page again to find what was added; or a pull went back to it after the partner's cursor went wrong): a
/// digest of each of its items as handled, so that the next pull publishes only what was added or changed. Null otherwise.
/// </param>
public sealed record PartnerFeedState(
    string PartnerId,
    string Feed,
    string? Cursor,
    long RecordsSynced,
    long Quarantined,
    DateTimeOffset? LastSyncAt,
    DateTimeOffset? LastPageAt,
    DateTimeOffset? LastRecordAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    string? LeaseHolder,
    DateTimeOffset? LeaseUntil,
    DateTimeOffset? LastScheduledAt,
    IReadOnlyList<string>? Tail = null)
{
    public static PartnerFeedState New(string partnerId, string feed) =>
        new(partnerId, feed, null, 0, 0, null, null, null, null, null, null, null, null);
}
