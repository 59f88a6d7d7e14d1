using System.Globalization;
using System.Text;
using System.Text.Json;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Http;
using Hub.Core.Registry;
using Hub.Core.Storage;
using Hub.Core.Validation;
using Hub.PartnerFeeds.Mapping;
using Hub.PartnerFeeds.Model;
using Microsoft.AspNetCore.Http;

namespace Hub.PartnerFeeds.ReadSide;

/// <summary>
/// <c>GET /api/partners/{partnerId}/feeds</c>, <c>GET /api/partners/{partnerId}/records?type=&amp;reference=&amp;...</c> and
/// <c>GET /api/partners/{partnerId}/quarantine?feed=&amp;...</c>, shared by the read-store Functions app and Standalone.
/// </summary>
public sealed class PartnerQueryEndpoints(IReadStore store, PartnerAccess access, TimeProvider time)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    private static readonly HashSet<string> RecordParameters = ["type", "reference", "pageSize", "continuationToken"];
    private static readonly HashSet<string> QuarantineParameters = ["feed", "pageSize", "continuationToken"];

    public async Task<IResult> ListFeedsAsync(HttpRequest request, string partnerId, CancellationToken cancellationToken)
    {
        partnerId = PathValues.Exact(request, partnerId, segmentFromEnd: 1);
        if (access.CheckRead(request, partnerId, out var refusal) is not { } partner) return refusal!;

        var now = time.GetUtcNow();
        var feeds = new List<PartnerFeedStatusView>(partner.Feeds.Count);
        foreach (var feed in partner.Feeds)
        {
            var stored = await store.GetAsync(ReadStoreContainers.PartnerFeeds, partner.Id, feed.Name, cancellationToken).ConfigureAwait(false);
            var state = stored is null
                ? PartnerFeedState.New(partner.Id, feed.Name)
                : JsonSerializer.Deserialize(stored.Json, PartnerFeedsJsonContext.Default.PartnerFeedState) ?? PartnerFeedState.New(partner.Id, feed.Name);
            feeds.Add(StatusOf(feed, state, now));
        }
        return Results.Text(HubJson.Serialize(new PartnerFeedsView(partner.Id, partner.Name, feeds), PartnerFeedsAnswerJsonContext.Default.PartnerFeedsView),
            "application/json; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>A feed's status as of <paramref name="now"/>, from the registry's entry and the stored checkpoint.</summary>
    public static PartnerFeedStatusView StatusOf(PartnerFeedRegistration feed, PartnerFeedState state, DateTimeOffset now) => new(
        feed.Name, feed.Schedule, feed.PageSize, state.Cursor, state.RecordsSynced, state.Quarantined,
        state.LastSyncAt, state.LastPageAt, state.LastRecordAt,
        state.LastRecordAt is { } last ? Math.Max(0, (long)(now - last).TotalSeconds) : null,
        state.LastError, state.LastErrorAt,
        state.LeaseHolder is not null && state.LeaseUntil > now);

    public async Task<IResult> ListRecordsAsync(HttpRequest request, string partnerId, CancellationToken cancellationToken)
    {
        partnerId = PathValues.Exact(request, partnerId, segmentFromEnd: 1);
        if (access.CheckRead(request, partnerId, out var refusal) is not { } partner) return refusal!;

        var q = request.Query;
        var errors = UnknownParameters(q, RecordParameters);
        var type = Single(q, "type");
        if (type is not null && !PartnerRecordMapper.Shapes.ContainsKey(type))
            errors.Add("type", $"'{type}' is not a record type; the hub's are {string.Join(", ", PartnerRecordTypes.All)}.");
        var reference = Single(q, "reference");
        if (reference is not null)
        {
            if (type is null)
                errors.Add("reference", "Needs 'type': a reference (tracking number, declaration number, ...) is looked up within one record type.");
            if (reference.Length > PartnerRecordMapper.MaxReferenceLength)
                errors.Add("reference", $"Longer than {PartnerRecordMapper.MaxReferenceLength} characters: no record has such a reference.");
        }
        var pageSize = PageSize(q, errors);
        if (!errors.IsEmpty) return Problems.Validation(errors.ToDictionary());

        var query = reference is not null
            ? new DocumentQuery(PartnerRecordProjection.Container) { PartitionKey = PartnerRecordData.PartitionFor(partner.Id, type!, reference) }
            : new DocumentQuery(PartnerRecordProjection.Container)
            {
                Filters = type is null
                    ? [DocumentFilter.Eq("partnerId", partner.Id)]
                    : [DocumentFilter.Eq("partnerId", partner.Id), DocumentFilter.Eq("recordType", type)],
            };
        return await StoredDocumentPages.QueryAsync(store, query with { PageSize = pageSize, ContinuationToken = Single(q, "continuationToken") },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IResult> ListQuarantineAsync(HttpRequest request, string partnerId, CancellationToken cancellationToken)
    {
        partnerId = PathValues.Exact(request, partnerId, segmentFromEnd: 1);
        if (access.CheckRead(request, partnerId, out var refusal) is not { } partner) return refusal!;

        var q = request.Query;
        var errors = UnknownParameters(q, QuarantineParameters);
        var feed = Single(q, "feed");
        if (feed is not null && !partner.Feeds.Any(f => f.Name == feed))
            errors.Add("feed", partner.Feeds.Count == 0
                ? $"Partner '{partner.Id}' has no feeds; leave 'feed' out to list the records it pushed."
                : $"'{feed}' is not a feed of partner '{partner.Id}' ({string.Join(", ", partner.Feeds.Select(f => f.Name))}).");
        var pageSize = PageSize(q, errors);
        if (!errors.IsEmpty) return Problems.Validation(errors.ToDictionary());

        return await StoredDocumentPages.QueryAsync(store, new DocumentQuery(ReadStoreContainers.PartnerQuarantine)
        {
            PartitionKey = partner.Id,
            Filters = feed is null ? [] : [DocumentFilter.Eq("feed", feed)],
            PageSize = pageSize,
            ContinuationToken = Single(q, "continuationToken"),
        }, cancellationToken).ConfigureAwait(false);
    }

    private static ValidationErrors UnknownParameters(IQueryCollection q, HashSet<string> known)
    {
        var errors = new ValidationErrors();
        foreach (var unknown in q.Keys.Where(k => !known.Contains(k)))
            errors.Add(unknown, $"Unknown parameter; the accepted ones are {string.Join(", ", known)}.");
        return errors;
    }

    private static int PageSize(IQueryCollection q, ValidationErrors errors)
    {
        var pageSize = DefaultPageSize;
        if (Single(q, "pageSize") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
            errors.Add("pageSize", $"Must be a whole number from 1 to {MaxPageSize}, not '{text}'.");
        return pageSize;
    }

    private static string? Single(IQueryCollection q, string name) =>
        q.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
