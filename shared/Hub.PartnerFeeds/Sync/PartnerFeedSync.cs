using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.PartnerFeeds;
using Hub.Core.Events;
using Hub.Core.Registry;
using Hub.PartnerFeeds.Client;
using Hub.PartnerFeeds.Http;
using Hub.PartnerFeeds.Mapping;
using Hub.PartnerFeeds.Model;
using Hub.PartnerFeeds.Partners;
using Hub.PartnerFeeds.Records;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace Hub.PartnerFeeds.Sync;

/// <summary>How a pull ended.</summary>
public enum PartnerPullOutcome
{
    /// <summary>It read to the feed's end (<c>hasMore</c> false).</summary>
    Completed,
    /// <summary>Its time budget ran out with pages left; a <c>continue</c> request carries on from the checkpoint.</summary>
    HandedOver,
    /// <summary>The partner failed (after the client's retries) or misbehaved; the checkpoint stays, the error is in the feed's state.</summary>
    Failed,
    /// <summary>Another pull holds the feed's lease.</summary>
    Busy,
    /// <summary>Another pull took the lease while this one ran (it had stalled past the lease); this one stopped.</summary>
    LeaseLost,
    /// <summary>The registry has no such partner or feed.</summary>
    UnknownFeed,
}

/// <param name="BusyUntil">For <see cref="PartnerPullOutcome.Busy"/>: when the holder's lease lapses unless renewed.</param>
/// <param name="Refused">For <see cref="PartnerPullOutcome.Failed"/>: the hub refused the partner's URL or address (network rules): the same
/// every time until the registry changes, so not worth retrying.</param>
public sealed record PartnerPullResult(PartnerPullOutcome Outcome, int Pages = 0, long Published = 0, long Quarantined = 0, string? Error = null,
    DateTimeOffset? BusyUntil = null, bool Refused = false);

/// <summary>
/// Pulls one feed of one partner from its checkpoint, page by page: read a page, map its items, publish those that map as
/// <c>partner.record</c> events, quarantine the rest, and only then advance the checkpoint (at-least-once, no gap: a crash
/// before the checkpoint reads the page again and publishes the same events, under the same ids).
/// </summary>
/// <remarks>
/// <para><b>One pull per feed.</b> A pull holds the feed's lease (<see cref="PartnerFeedLease"/>) for as long as it runs.</para>
/// <para><b>A partner that misbehaves.</b> A page whose next cursor is one this pull already read from (the cursor went
/// back, or the page points at itself) is not published: the pull stops with the error, keeping the checkpoint, and the next
/// pull reads from there. Items that repeat the previous page exactly (a page served twice) are not published again. An
/// item that does not map is quarantined with its reason and the feed goes on.</para>
/// <para><b>Time budget.</b> After <see cref="PartnerSyncOptions.TimeBudget"/> the pull gives up its lease and requests its
/// own continuation through the bus, so that no single delivery outlives the consumer's longest run.</para>
/// </remarks>
public sealed class PartnerFeedSync(
    PartnerDirectory directory,
    PartnerFeedStates states,
    PartnerQuarantine quarantine,
    PartnerPullRequests requests,
    IEventBus bus,
    TimeProvider time,
    IOptions<PartnerSyncOptions> options,
    ILogger<PartnerFeedSync> logger)
{
    /// <summary>The longest error text kept in a feed's state.</summary>
    public const int MaxErrorLength = 1_000;

    public async Task<PartnerPullResult> PullAsync(string partnerId, string feed, CancellationToken cancellationToken)
    {
        if (directory.FindFeed(partnerId, feed) is not { } found)
        {
            logger.LogWarning("A pull of feed {Feed} of partner {PartnerId} was requested, but the registry has no such feed; nothing to pull", feed, partnerId);
            return new PartnerPullResult(PartnerPullOutcome.UnknownFeed);
        }

        var (partner, registration) = found;
        var settings = options.Value;
        var holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        var (lease, current) = await PartnerFeedLease.TryAcquireAsync(states, partnerId, feed, holder, time, settings.LeaseDuration, logger, cancellationToken)
            .ConfigureAwait(false);
        if (lease is null)
        {
            logger.LogInformation("Feed {Feed} of partner {PartnerId} is being pulled by {Holder} until {LeaseUntil}; this request leaves it to that pull",
                feed, partnerId, current.LeaseHolder, current.LeaseUntil);
            return new PartnerPullResult(PartnerPullOutcome.Busy, BusyUntil: current.LeaseUntil);
        }

        await using (lease.ConfigureAwait(false))
        {
            using var pulling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
            var pull = new Pull(partner, registration, lease);
            try
            {
                return await PullPagesAsync(pull, pulling.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return pull.Result(PartnerPullOutcome.LeaseLost);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The host is stopping: give the lease back so that the redelivered request need not wait for it to lapse.
                using var release = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await TryReleaseAsync(lease, s => s, release.Token).ConfigureAwait(false);
                throw;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A fault of the hub (the bus or the store refused): the checkpoint stays where the last published page left it.
                logger.LogError(e, "Pull of feed {Feed} of partner {PartnerId} failed on a fault of the hub", feed, partnerId);
                var error = Trim($"The hub failed while pulling: {e.Message}");
                await TryReleaseAsync(lease, s => s with { LastError = error, LastErrorAt = time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
    }

    private async Task<PartnerPullResult> PullPagesAsync(Pull pull, CancellationToken cancellationToken)
    {
        var (partner, registration, lease) = (pull.Partner, pull.Registration, pull.Lease);
        var api = directory.ClientFor(partner);
        var started = Stopwatch.GetTimestamp();
        var cursor = lease.State.Cursor;
        // Cursors this pull has read from: one met again as a next cursor means the partner's paging went back.
        var readFrom = new HashSet<string>(StringComparer.Ordinal) { cursor ?? "" };
        // Digests of the items this pull has published or quarantined (bounded), seeded with the feed's tail (the page at the
        // checkpoint, already published): an item served again exactly as before is not published again.
        var served = new ServedItems(lease.State.Tail);
        string? previousCursor = null;
        List<UInt128>? previousDigests = null;

        while (true)
        {
            // At least one page per pull, so that a budget shorter than a page still moves the feed on.
            if (pull.Pages > 0 && Stopwatch.GetElapsedTime(started) >= options.Value.TimeBudget)
            {
                await lease.ReleaseAsync(s => s, cancellationToken).ConfigureAwait(false);
                await requests.RequestLaterAsync(partner.Id, registration.Name, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Pull of feed {Feed} of partner {PartnerId} used its time budget after {Pages} pages; a continuation carries on from cursor {Cursor}",
                    registration.Name, partner.Id, pull.Pages, cursor);
                return pull.Result(PartnerPullOutcome.HandedOver);
            }

            FeedPage page;
            try
            {
                page = await api.GetFeedPageAsync(registration.Name, cursor, registration.PageSize, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var failed = await FailAsync(pull, cursor, PartnerError(e), cancellationToken).ConfigureAwait(false);
                return PartnerRefusals.IsRefusal(e) ? failed with { Refused = true } : failed;
            }

            if (page.Items is null)
                return await FailAsync(pull, cursor, "the partner's page has no 'items' array", cancellationToken).ConfigureAwait(false);
            if (page.HasMore && string.IsNullOrEmpty(page.NextCursor))
                return await FailAsync(pull, cursor, "the partner's page says hasMore but gives no nextCursor", cancellationToken).ConfigureAwait(false);

            var digests = page.Items.Select(Digest).ToList();
            if (pull.Pages > 0 && digests.Count > 0 && digests.TrueForAll(served.Contains))
            {
                // Every item of this page was served earlier in this pull: the page before pointed back into the feed. The
                // checkpoint goes back to that page's own cursor (its items remembered as the tail, so reading it again
                // publishes nothing twice), and the next pull asks the partner for what follows it again.
                return await FailAsync(pull, cursor,
                    $"the partner's cursor went back: the page read with cursor '{previousCursor}' points to '{cursor}', whose items were all read earlier in this pull; " +
                    "the next pull reads from the page before again", cancellationToken, rewindTo: (previousCursor, Hex(previousDigests!))).ConfigureAwait(false);
            }

            if (page.HasMore && readFrom.Contains(page.NextCursor!))
                return await FailAsync(pull, cursor,
                    $"the partner's cursor went back: the page read with cursor '{cursor}' points to '{page.NextCursor}', which this pull already read from; " +
                    "the page is not published and the next pull reads it again", cancellationToken).ConfigureAwait(false);

            var (published, quarantined) = await PublishPageAsync(partner, registration.Name, page, digests, served, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var next = page.NextCursor ?? cursor;
            // The page is read again by the next pull only when the checkpoint stays on its own cursor (the feed's end).
            var tail = page.NextCursor is null ? Hex(digests) : null;
            var advanced = await lease.WriteAsync(s => s with
            {
                Cursor = next,
                Tail = tail,
                RecordsSynced = s.RecordsSynced + published.Count,
                Quarantined = Math.Max(0, s.Quarantined + quarantined),
                LastPageAt = now,
                LastRecordAt = Latest(s.LastRecordAt, published),
                LastSyncAt = page.HasMore ? s.LastSyncAt : now,
                LastError = page.HasMore ? s.LastError : null,
                LastErrorAt = page.HasMore ? s.LastErrorAt : null,
            }, cancellationToken).ConfigureAwait(false);
            if (!advanced) return pull.Result(PartnerPullOutcome.LeaseLost);
            pull.Count(published.Count, quarantined);

            if (!page.HasMore)
            {
                await lease.ReleaseAsync(s => s, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Pull of feed {Feed} of partner {PartnerId} reached the end: {Pages} pages, {Published} records published, {Quarantined} quarantined",
                    registration.Name, partner.Id, pull.Pages, pull.Published, pull.Quarantined);
                return pull.Result(PartnerPullOutcome.Completed);
            }
            (previousCursor, previousDigests) = (cursor, digests);
            cursor = page.NextCursor!;
            readFrom.Add(cursor);
        }
    }

    /// <summary>
    /// Maps the page's items, publishes those that map (one publish for the page), quarantines the rest; an item served
    /// earlier in the pull exactly as now is left alone. Returns the records published and how much the feed's quarantined
    /// count changes (new arrivals less records that now map).
    /// </summary>
    private async Task<(List<PartnerRecordData> Published, long QuarantinedDelta)> PublishPageAsync(
        PartnerRegistration partner, string feed, FeedPage page, List<UInt128> digests, ServedItems served, CancellationToken cancellationToken)
    {
        var receivedAt = time.GetUtcNow();
        var mapped = new List<PartnerRecordData>(page.Items.Count);
        var failed = new List<(JsonElement Item, PartnerRecordMapping.Quarantined Outcome)>();
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (!served.Add(digests[i])) continue;
            switch (PartnerRecordMapper.Map(partner, page.Items[i], feed, receivedAt))
            {
                case PartnerRecordMapping.Mapped m: mapped.Add(m.Record); break;
                case PartnerRecordMapping.Quarantined q: failed.Add((page.Items[i], q)); break;
            }
        }

        if (mapped.Count > 0)
        {
            var events = new List<CloudEvent>(mapped.Count);
            foreach (var record in mapped) events.Add(PartnerRecordEvents.Create(record));
            await bus.PublishAsync(Topics.PartnerFeeds, events, cancellationToken).ConfigureAwait(false);
        }

        long delta = 0;
        foreach (var (item, outcome) in failed)
            if (await quarantine.PutAsync(partner.Id, feed, item, outcome, receivedAt, cancellationToken).ConfigureAwait(false))
                delta++;

        // A record that maps now and was quarantined before (the partner fixed it) leaves the quarantine.
        if (mapped.Count > 0 && await quarantine.AnyAsync(partner.Id, cancellationToken).ConfigureAwait(false))
        {
            foreach (var record in mapped)
            {
                var held = await quarantine.GetAsync(partner.Id, record.RecordId, cancellationToken).ConfigureAwait(false);
                if (held is null || !await quarantine.RemoveAsync(partner.Id, record.RecordId, cancellationToken).ConfigureAwait(false)) continue;
                if (held.Feed == feed) delta--;
                else if (held.Feed is not null) await states.AddQuarantinedAsync(partner.Id, held.Feed, -1, cancellationToken).ConfigureAwait(false);
            }
        }
        return (mapped, delta);
    }

    /// <param name="rewindTo">The checkpoint to go back to (a cursor whose page is published, and that page's digests), when the one reached is wrong.</param>
    private async Task<PartnerPullResult> FailAsync(Pull pull, string? cursor, string error, CancellationToken cancellationToken,
        (string? Cursor, IReadOnlyList<string> Tail)? rewindTo = null)
    {
        error = Trim(error);
        logger.LogWarning("Pull of feed {Feed} of partner {PartnerId} stopped at cursor {Cursor} after {Pages} pages: {Error}",
            pull.Registration.Name, pull.Partner.Id, cursor, pull.Pages, error);
        var now = time.GetUtcNow();
        await pull.Lease.ReleaseAsync(s => (rewindTo is { } back ? s with { Cursor = back.Cursor, Tail = back.Tail } : s) with { LastError = error, LastErrorAt = now },
            cancellationToken).ConfigureAwait(false);
        return pull.Result(PartnerPullOutcome.Failed, error);
    }

    private async Task TryReleaseAsync(PartnerFeedLease lease, Func<PartnerFeedState, PartnerFeedState> change, CancellationToken cancellationToken)
    {
        try
        {
            await lease.ReleaseAsync(change, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The lease of pull {Holder} could not be given back; it lapses on its own", lease.Holder);
        }
    }

    /// <summary>What the partner did, in words an operator can act on (the status, the partner's answer, or why no answer came).</summary>
    private static string PartnerError(Exception e) => e switch
    {
        ApiException api => $"the partner answered {(int)api.StatusCode} {api.ReasonPhrase}" +
            (string.IsNullOrWhiteSpace(api.Content) ? "" : $": {api.Content}") +
            (api.InnerException is { } inner ? $" ({inner.Message})" : ""),
        ApiRequestException request => $"no answer from the partner: {request.InnerException?.Message ?? request.Message}",
        _ => $"reading the page failed: {e.Message}",
    };

    private static DateTimeOffset? Latest(DateTimeOffset? before, List<PartnerRecordData> published)
    {
        var latest = before;
        foreach (var record in published)
            if (latest is null || record.OccurredAt > latest) latest = record.OccurredAt;
        return latest;
    }

    /// <summary>A digest of the item's bytes as the partner wrote them (128 bits of SHA-256): equal digests, the same item served again.</summary>
    private static UInt128 Digest(JsonElement item)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(item.GetRawText()), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(hash);
    }

    /// <summary>Digests as the feed's state keeps them (<see cref="PartnerFeedState.Tail"/>): 32 hex digits each.</summary>
    private static List<string> Hex(List<UInt128> digests) => digests.ConvertAll(d => d.ToString("x32", CultureInfo.InvariantCulture));

    /// <summary>
    /// The digests of the items one pull has handled, at most <see cref="MaxRemembered"/> (about 3 MB); past that the oldest
    /// half is forgotten, and a partner going back further than that is followed and its records published again under the
    /// same ids (the read store changes nothing).
    /// </summary>
    private sealed class ServedItems
    {
        public const int MaxRemembered = 100_000;
        private HashSet<UInt128> older = [];
        private HashSet<UInt128> recent = [];

        public ServedItems(IReadOnlyList<string>? tail)
        {
            foreach (var digest in tail ?? [])
                if (UInt128.TryParse(digest, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)) recent.Add(value);
        }

        public bool Contains(UInt128 digest) => recent.Contains(digest) || older.Contains(digest);

        /// <summary>Remembers the digest; false when it was remembered already.</summary>
        public bool Add(UInt128 digest)
        {
            if (Contains(digest)) return false;
            if (recent.Count >= MaxRemembered / 2)
            {
                (older, recent) = (recent, older);
                recent.Clear();
            }
            recent.Add(digest);
            return true;
        }
    }

    private static string Trim(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];

    private sealed class Pull(PartnerRegistration partner, PartnerFeedRegistration registration, PartnerFeedLease lease)
    {
        public PartnerRegistration Partner => partner;
        public PartnerFeedRegistration Registration => registration;
        public PartnerFeedLease Lease => lease;
        public int Pages { get; private set; }
        public long Published { get; private set; }
        public long Quarantined { get; private set; }

        public void Count(long published, long quarantined)
        {
            Pages++;
            Published += published;
            Quarantined += quarantined;
        }

        public PartnerPullResult Result(PartnerPullOutcome outcome, string? error = null) => new(outcome, Pages, Published, Quarantined, error);
    }
}
