using Hub.Core.Validation;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Storage;

namespace Hub.Matchmaking.Registration;

/// <summary>What a bulk registration did: records received, participants new to the expo, and those replaced.</summary>
public sealed record RegistrationAnswer(int Received, int Created, int Updated);

/// <summary>
/// Bulk registration of one kind of participant, all or nothing: every record is checked against the expo and the
/// participants already registered, and only when none has a fault is each written, replacing its whole stored record
/// (which also un-cancels it).
/// </summary>
public sealed class ParticipantRegistration(ExpoStore store)
{
    /// <summary>Writes at most this many participants at once: the SQLite writer batches them, Cosmos takes them in parallel.</summary>
    private const int ConcurrentWrites = 16;

    /// <summary>The answer, or null with every fault in <paramref name="errors"/> and nothing written.</summary>
    public async Task<RegistrationAnswer?> RegisterAsync(
        Expo expo, ParticipantKind kind, IReadOnlyList<ParticipantFields> records, IRecordPaths paths, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var registered = new Dictionary<string, ParticipantKind>(StringComparer.Ordinal);
        await foreach (var participant in store.ParticipantsAsync(expo.ExpoId, cancellationToken).ConfigureAwait(false))
            registered[participant.Id] = participant.Kind;

        var participants = ParticipantValidator.Validate(expo, kind, records, registered, paths, errors);
        if (!errors.IsEmpty) return null;

        var created = participants.Count(p => !registered.ContainsKey(p.Id));
        await Parallel.ForEachAsync(participants, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentWrites, CancellationToken = cancellationToken },
            async (participant, ct) => await store.PutParticipantAsync(expo.ExpoId, participant, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return new RegistrationAnswer(records.Count, created, participants.Count - created);
    }
}
