using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Storage;
using Hub.PartnerFeeds.Model;

namespace Hub.PartnerFeeds.Sync;

/// <summary>
/// The feeds' checkpoints, leases and status (container <see cref="ReadStoreContainers.PartnerFeeds"/>, one document per
/// (partner, feed)). Every change is read, changed and written back under the ETag it was read with; one that lost to
/// another write (the scheduler's mark, a re-process's count, the lease holder's checkpoint) is read again and re-applied,
/// so writers of different fields never undo each other.
/// </summary>
public sealed class PartnerFeedStates(IReadStore store)
{
    public const string Container = ReadStoreContainers.PartnerFeeds;
    private const int MaxTries = 20;

    public async Task<(PartnerFeedState State, string? ETag)> GetAsync(string partnerId, string feed, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(Container, partnerId, feed, cancellationToken).ConfigureAwait(false);
        return stored is null ? (PartnerFeedState.New(partnerId, feed), null) : (Deserialize(stored.Json), stored.ETag);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the feed's current state and writes it; <paramref name="change"/> returns null to
    /// write nothing (the state is no longer what the caller may change). Returns the state written, or null.
    /// </summary>
    public async Task<(PartnerFeedState State, string ETag)?> UpdateAsync(string partnerId, string feed, Func<PartnerFeedState, PartnerFeedState?> change,
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxTries; attempt++)
        {
            var (current, etag) = await GetAsync(partnerId, feed, cancellationToken).ConfigureAwait(false);
            if (change(current) is not { } changed) return null;
            var outcome = await store.UpsertAsync(Container, partnerId, feed, Serialize(changed),
                etag is null ? WriteCondition.NotExists : WriteCondition.IfMatch(etag), cancellationToken).ConfigureAwait(false);
            if (outcome.Succeeded) return (changed, outcome.ETag!);
        }
        throw new InvalidOperationException($"The state of feed '{feed}' of partner '{partnerId}' kept changing under {MaxTries} writes in a row.");
    }

    /// <summary>Adds <paramref name="delta"/> to the feed's quarantined count (never below zero).</summary>
    public Task AddQuarantinedAsync(string partnerId, string feed, long delta, CancellationToken cancellationToken = default) =>
        delta == 0 ? Task.CompletedTask : UpdateAsync(partnerId, feed, s => s with { Quarantined = Math.Max(0, s.Quarantined + delta) }, cancellationToken);

    public static string Serialize(PartnerFeedState state) => HubJson.Serialize(state, PartnerFeedsJsonContext.Default.PartnerFeedState);

    public static PartnerFeedState Deserialize(string json) =>
        JsonSerializer.Deserialize(json, PartnerFeedsJsonContext.Default.PartnerFeedState)
        ?? throw new JsonException("A partner feed state document is null.");
}
