using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hub.PartnerFeeds.ReadSide;

/// <summary>The answer of <c>GET /api/partners/{partnerId}/feeds</c>: every feed the registry lists for the partner.</summary>
public sealed record PartnerFeedsView(string PartnerId, string? Name, IReadOnlyList<PartnerFeedStatusView> Feeds);

/// <summary>
/// One feed's sync status. A feed never pulled shows zeros and nulls; the nulls are written out
/// (<see cref="PartnerFeedsAnswerJsonContext"/>), so that a client sees "not yet" rather than a missing field.
/// </summary>
/// <param name="Cursor">Where the next pull starts; null = the feed's beginning.</param>
/// <param name="RecordsSynced">Records published from the feed, all pulls together.</param>
/// <param name="Quarantined">Records of the feed in the quarantine, not yet re-processed.</param>
/// <param name="LastSyncAt">When a pull last reached the feed's end.</param>
/// <param name="LastPageAt">When a page was last published and the checkpoint advanced.</param>
/// <param name="LastRecordAt">The latest <c>occurredAt</c> of the records published.</param>
/// <param name="LagSeconds">Whole seconds from <paramref name="LastRecordAt"/> to now; null when no record was published.</param>
/// <param name="LastError">Why the last pull stopped early; null once a pull reaches the end.</param>
/// <param name="Pulling">Whether a pull holds the feed's lease now (a lapsed lease, whose holder died, does not count).</param>
public sealed record PartnerFeedStatusView(
    string Feed,
    string? Schedule,
    int PageSize,
    string? Cursor,
    long RecordsSynced,
    long Quarantined,
    DateTimeOffset? LastSyncAt,
    DateTimeOffset? LastPageAt,
    DateTimeOffset? LastRecordAt,
    long? LagSeconds,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    bool Pulling);

/// <summary>The feeds answer's JSON: camelCase with nulls written, unlike the stored documents (<see cref="PartnerFeedsJsonContext"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PartnerFeedsView))]
internal sealed partial class PartnerFeedsAnswerJsonContext : JsonSerializerContext;
