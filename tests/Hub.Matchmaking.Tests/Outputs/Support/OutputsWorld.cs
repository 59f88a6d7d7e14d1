using System.Text.Json;
using Hub.Contracts;
using Hub.Core.Auth;
using Hub.Core.Registry;
using Hub.Core.Storage;
using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Http;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Outputs;
using Hub.Matchmaking.Storage;
using Hub.Testing;

namespace Hub.Matchmaking.Tests.Outputs.Support;

/// <summary>
/// A real SQLite read store holding expos, participants, runs and per-participant meetings documents written the way a run
/// writes them (each meeting in its exhibitor's and its buyer's document), and the output endpoints over it.
/// </summary>
internal sealed class OutputsWorld : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";
    public const string ReaderKey = "test-reader-key";
    public const string OrganiserKey = "test-organiser-key";
    public const string OtherOrganiserKey = "test-other-organiser-key";
    public const string OperatorKey = "test-operator-key";

    public static readonly HubRegistry Registry = new()
    {
        ApiKeys =
        [
            Key(AdminKey, "admin"),
            Key(ReaderKey, "reader"),
            Key(OrganiserKey, "organiser:" + Expos.Hangzhou),
            Key(OtherOrganiserKey, "organiser:other-expo"),
            Key(OperatorKey, "operator:x"),
        ],
    };

    private readonly TemporaryReadStore _readStore = new();

    public OutputsWorld()
    {
        ExpoStore = new ExpoStore(_readStore.Store);
        Reader = new MeetingsReader(_readStore.Store);
        Endpoints = new MeetingOutputEndpoints(ExpoStore, Reader, new ApiKeyAuthenticator(Registry));
    }

    public IReadStore Store => _readStore.Store;
    public ExpoStore ExpoStore { get; }
    public MeetingsReader Reader { get; }
    public MeetingOutputEndpoints Endpoints { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task PutExpoAsync(Expo expo) => Assert.True(await ExpoStore.PutExpoAsync(expo, WriteCondition.Always, Ct));

    public async Task PutParticipantsAsync(string expoId, IEnumerable<Participant> participants)
    {
        foreach (var participant in participants) await ExpoStore.PutParticipantAsync(expoId, participant, Ct);
    }

    /// <summary>Writes a run as the run handler does: every participant's meetings document, then the completed status with its partition.</summary>
    public async Task<MatchmakingRun> PutCompletedRunAsync(Expo expo, string runId, IReadOnlyList<Participant> participants, IReadOnlyList<MeetingEntry> meetings,
        DateTimeOffset? publishedAt = null, int attempt = 1)
    {
        var partition = MatchmakingRun.PartitionOf(expo.ExpoId, runId, attempt);
        foreach (var participant in participants)
        {
            var own = meetings.Where(m => (participant.Kind == ParticipantKind.Exhibitor ? m.ExhibitorId : m.BuyerId) == participant.Id).ToList();
            var document = new ParticipantMeetings(expo.ExpoId, runId, participant.Id, participant.Kind, own);
            await Store.UpsertAsync(ReadStoreContainers.Meetings, partition, participant.Id,
                HubJson.Serialize(document, MatchmakingJsonContext.Default.ParticipantMeetings), WriteCondition.Always, Ct);
        }

        var requested = new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
        var run = new MatchmakingRun(expo.ExpoId, runId, MatchmakingRunStatuses.Completed, requested, PreserveExisting: false, Attempt: attempt,
            StartedAt: requested.AddSeconds(1), CompletedAt: requested.AddSeconds(5), ResultPartition: partition,
            Published: publishedAt is not null, PublishedAt: publishedAt);
        await PutRunAsync(run);
        return run;
    }

    public Task PutRunAsync(MatchmakingRun run) =>
        Store.UpsertAsync(ReadStoreContainers.MatchmakingRuns, run.ExpoId, run.RunId,
            HubJson.Serialize(run, MatchmakingJsonContext.Default.MatchmakingRun), WriteCondition.Always, Ct);

    public async Task PublishAsync(Expo expo, string runId) => await PutExpoAsync(expo with { PublishedRunId = runId });

    public ValueTask DisposeAsync() => _readStore.DisposeAsync();

    private static ApiKeyRegistration Key(string plain, string scope) => new() { Name = plain, Sha256 = ApiKeyAuthenticator.Hash(plain), Scope = scope };
}
