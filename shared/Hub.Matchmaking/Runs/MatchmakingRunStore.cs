using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Storage;
using Hub.Matchmaking.Storage;

namespace Hub.Matchmaking.Runs;

/// <summary>A run's status as stored, with the ETag that a transition must match.</summary>
public sealed record StoredRun(MatchmakingRun Run, string ETag);

/// <summary>
/// Runs' status documents (container <c>matchmaking-runs</c>, partition = expo id, id = run id) and their meetings
/// (container <c>meetings</c>, one partition per attempt). Every change of a status is guarded by the ETag of the version it
/// was made from, so that two hands on one run (a redelivery while the first still runs, a publish during a re-run) cannot
/// overwrite each other: the later one learns it lost and stops.
/// </summary>
public sealed class MatchmakingRunStore(IReadStore store)
{
    public async Task<StoredRun?> GetAsync(string expoId, string runId, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(ReadStoreContainers.MatchmakingRuns, expoId, runId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : new StoredRun(Deserialize(document.Json), document.ETag);
    }

    /// <summary>Stores a new run; false when a run of that id exists already.</summary>
    public async Task<bool> CreateAsync(MatchmakingRun run, CancellationToken cancellationToken) =>
        (await store.UpsertAsync(ReadStoreContainers.MatchmakingRuns, run.ExpoId, run.RunId, Serialize(run), WriteCondition.NotExists, cancellationToken)
            .ConfigureAwait(false)).Succeeded;

    /// <summary>Replaces the run if it is still the version of <paramref name="etag"/>; the new ETag, or null when another write came first.</summary>
    public async Task<string?> ReplaceAsync(MatchmakingRun run, string etag, CancellationToken cancellationToken)
    {
        var outcome = await store.UpsertAsync(ReadStoreContainers.MatchmakingRuns, run.ExpoId, run.RunId, Serialize(run), WriteCondition.IfMatch(etag), cancellationToken)
            .ConfigureAwait(false);
        return outcome.Succeeded ? outcome.ETag : null;
    }

    /// <summary>Every run of the expo, newest first.</summary>
    public async Task<IReadOnlyList<MatchmakingRun>> ListAsync(string expoId, CancellationToken cancellationToken)
    {
        var runs = await QueryAllAsync(new DocumentQuery(ReadStoreContainers.MatchmakingRuns) { PartitionKey = expoId, PageSize = 500 }, cancellationToken)
            .ConfigureAwait(false);
        return runs.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.RunId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Runs of every expo in one of <paramref name="statuses"/>, for the sweep.</summary>
    public async Task<IReadOnlyList<MatchmakingRun>> InStatusAsync(IReadOnlyList<string> statuses, CancellationToken cancellationToken)
    {
        var found = new List<MatchmakingRun>();
        foreach (var status in statuses)
            found.AddRange(await QueryAllAsync(new DocumentQuery(ReadStoreContainers.MatchmakingRuns)
            {
                Filters = [DocumentFilter.Eq("status", status)],
                PageSize = 500,
            }, cancellationToken).ConfigureAwait(false));
        return found.OrderBy(r => r.RequestedAt).ToList();
    }

    /// <summary>
    /// Writes meetings documents into their attempt's partition, versioned by the attempt: written again (a redelivered
    /// batch) they change nothing.
    /// </summary>
    public Task<int> WriteMeetingsAsync(string partition, int attempt, IReadOnlyList<ParticipantMeetings> documents, CancellationToken cancellationToken) =>
        store.UpsertNewerAsync(ReadStoreContainers.Meetings,
            documents.Select(d => new VersionedDocument(partition, d.ParticipantId, attempt, HubJson.Serialize(d, MatchmakingJsonContext.Default.ParticipantMeetings))).ToList(),
            cancellationToken);

    /// <summary>Every meetings document of a partition (every participant's meetings of one attempt).</summary>
    public async IAsyncEnumerable<ParticipantMeetings> MeetingsAsync(string partition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await store.QueryAsync(new DocumentQuery(ReadStoreContainers.Meetings) { PartitionKey = partition, PageSize = 1000, ContinuationToken = token },
                cancellationToken).ConfigureAwait(false);
            foreach (var document in page.Items)
                yield return JsonSerializer.Deserialize(document.Json, MatchmakingJsonContext.Default.ParticipantMeetings)
                    ?? throw new InvalidDataException("A stored meetings document is null.");
            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    /// <summary>Removes every meetings document of a partition; returns how many.</summary>
    public async Task<int> DeleteMeetingsAsync(string partition, CancellationToken cancellationToken)
    {
        var removed = 0;
        while (true)
        {
            // Always the first page: what was deleted is gone from the next query.
            var page = await store.QueryAsync(new DocumentQuery(ReadStoreContainers.Meetings) { PartitionKey = partition, PageSize = 500 }, cancellationToken)
                .ConfigureAwait(false);
            if (page.Items.Count == 0) return removed;
            foreach (var document in page.Items)
                if (await store.DeleteAsync(ReadStoreContainers.Meetings, partition, document.Id, cancellationToken).ConfigureAwait(false)) removed++;
        }
    }

    private async Task<List<MatchmakingRun>> QueryAllAsync(DocumentQuery query, CancellationToken cancellationToken)
    {
        var runs = new List<MatchmakingRun>();
        string? token = null;
        do
        {
            var page = await store.QueryAsync(query with { ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
            runs.AddRange(page.Items.Select(d => Deserialize(d.Json)));
            token = page.ContinuationToken;
        }
        while (token is not null);
        return runs;
    }

    private static string Serialize(MatchmakingRun run) => HubJson.Serialize(run, MatchmakingJsonContext.Default.MatchmakingRun);

    private static MatchmakingRun Deserialize(string json) =>
        JsonSerializer.Deserialize(json, MatchmakingJsonContext.Default.MatchmakingRun) ?? throw new InvalidDataException("A stored matchmaking run is null.");
}
