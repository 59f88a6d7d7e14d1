using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Storage;
using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Storage;

/// <summary>
/// Expos and their participants in the read store: container <c>expos</c> (partition and id = expo id) and
/// <c>participants</c> (partition = expo id, id = participant id). Validation is the caller's: this stores what it is given.
/// </summary>
public sealed class ExpoStore(IReadStore store)
{
    public async Task<Expo?> GetExpoAsync(string expoId, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(ReadStoreContainers.Expos, expoId, expoId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : Deserialize(document.Json, MatchmakingJsonContext.Default.Expo);
    }

    /// <summary>The expo with the ETag of its stored version, for a write that must not overtake another (publishing a run).</summary>
    public async Task<(Expo Expo, string ETag)?> GetExpoForUpdateAsync(string expoId, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(ReadStoreContainers.Expos, expoId, expoId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : (Deserialize(document.Json, MatchmakingJsonContext.Default.Expo), document.ETag);
    }

    /// <summary>Writes the expo under <paramref name="condition"/>; false when the condition failed.</summary>
    public async Task<bool> PutExpoAsync(Expo expo, WriteCondition condition, CancellationToken cancellationToken) =>
        (await store.UpsertAsync(ReadStoreContainers.Expos, expo.ExpoId, expo.ExpoId,
            HubJson.Serialize(expo, MatchmakingJsonContext.Default.Expo), condition, cancellationToken).ConfigureAwait(false)).Succeeded;

    public async Task<Participant?> GetParticipantAsync(string expoId, string participantId, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(ReadStoreContainers.Participants, expoId, participantId, cancellationToken).ConfigureAwait(false);
        return document is null ? null : Deserialize(document.Json, MatchmakingJsonContext.Default.Participant);
    }

    public Task PutParticipantAsync(string expoId, Participant participant, CancellationToken cancellationToken) =>
        store.UpsertAsync(ReadStoreContainers.Participants, expoId, participant.Id,
            HubJson.Serialize(participant, MatchmakingJsonContext.Default.Participant), WriteCondition.Always, cancellationToken);

    /// <summary>Every participant of the expo (cancelled ones too), in id order, read page by page.</summary>
    public async IAsyncEnumerable<Participant> ParticipantsAsync(string expoId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await store.QueryAsync(new DocumentQuery(ReadStoreContainers.Participants)
            {
                PartitionKey = expoId,
                PageSize = 1000,
                ContinuationToken = token,
            }, cancellationToken).ConfigureAwait(false);
            foreach (var document in page.Items) yield return Deserialize(document.Json, MatchmakingJsonContext.Default.Participant);
            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    private static T Deserialize<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(json, typeInfo) ?? throw new InvalidDataException($"A stored {typeof(T).Name} document is null.");
}
