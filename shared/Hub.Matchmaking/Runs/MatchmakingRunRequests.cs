using CloudNative.CloudEvents;
using Hub.Contracts;
using Hub.Contracts.Matchmaking;
using Hub.Core.Events;
using Hub.Matchmaking.Storage;
using Microsoft.Extensions.Options;

namespace Hub.Matchmaking.Runs;

/// <summary>
/// Publishes the requests that run matchmaking runs (<c>run.requested</c> on <c>matchmaking</c>, taken by the <c>engine</c>
/// subscription): at once when a run is requested, for later when a run failed on a fault of the hub and has attempts
/// left, and again from the sweep. A request's id names its run and attempt, so the same request published twice is one.
/// </summary>
public sealed class MatchmakingRunRequests(IEventBus bus, TimeProvider clock, IOptions<MatchmakingRunOptions> options)
{
    /// <summary>A run that failed on a fault of the hub is run this many times in all, after growing pauses.</summary>
    public const int MaxAttempts = 3;

    /// <summary>The pause after the <paramref name="attempts"/>-th failed run: the base delay, times 4 for each run before.</summary>
    public TimeSpan RetryDelay(int attempts) => options.Value.RetryBaseDelay * Math.Pow(4, Math.Max(0, attempts - 1));

    /// <summary>Requests the first run of a run just stored. Throws <see cref="EventBusUnavailableException"/> when the bus cannot take it.</summary>
    public Task RequestNowAsync(MatchmakingRun run, CancellationToken cancellationToken) =>
        bus.PublishAsync(Topics.Matchmaking, [Request(run, run.Attempt + 1)], cancellationToken);

    /// <summary>
    /// Requests <paramref name="attempt"/> no earlier than <paramref name="notBefore"/>. Published for later so that the bus
    /// keeps one request per id: what the sweep or a redelivery requests again while the first waits adds nothing.
    /// </summary>
    public Task RequestAsync(MatchmakingRun run, int attempt, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        bus.PublishLaterAsync(Topics.Matchmaking, Request(run, attempt), notBefore, cancellationToken);

    /// <summary>When a run that failed now at attempt <paramref name="attempt"/> runs again; null when it has no attempts left.</summary>
    public DateTimeOffset? RetryTime(int attempt, DateTimeOffset failedAt) =>
        attempt >= MaxAttempts ? null : failedAt + RetryDelay(attempt);

    /// <summary>Requests the retry a failed run's status promises (<see cref="MatchmakingRun.RetryAt"/>); false when it promises none.</summary>
    public async Task<bool> RetryAsync(MatchmakingRun failed, CancellationToken cancellationToken)
    {
        if (failed.RetryAt is not { } at) return false;
        await RequestAsync(failed, failed.Attempt + 1, at, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public CloudEvent Completed(MatchmakingRun run) => HubCloudEvents.Create(
        MatchmakingRunCompletedData.IdFor(run.ExpoId, run.RunId, run.Attempt),
        MatchmakingEventTypes.RunCompleted,
        EventSources.Matchmaking,
        Subject(run),
        clock.GetUtcNow(),
        new MatchmakingRunCompletedData(run.ExpoId, run.RunId, run.Attempt, run.ResultPartition!, run.Metrics?.MeetingsScheduled ?? 0,
            run.Metrics?.ParticipantsWithMeeting ?? 0, run.Metrics?.Objective ?? 0, run.Metrics?.UpperBound ?? 0, run.Metrics?.Moved ?? 0));

    public CloudEvent Failed(MatchmakingRun run) => HubCloudEvents.Create(
        MatchmakingRunFailedData.IdFor(run.ExpoId, run.RunId, run.Attempt),
        MatchmakingEventTypes.RunFailed,
        EventSources.Matchmaking,
        Subject(run),
        clock.GetUtcNow(),
        new MatchmakingRunFailedData(run.ExpoId, run.RunId, run.Attempt, run.Error ?? "", run.RetryAt is not null));

    private CloudEvent Request(MatchmakingRun run, int attempt) => HubCloudEvents.Create(
        MatchmakingRunRequested.IdFor(run.ExpoId, run.RunId, attempt),
        MatchmakingEventTypes.RunRequested,
        EventSources.Matchmaking,
        Subject(run),
        clock.GetUtcNow(),
        new MatchmakingRunRequested(run.ExpoId, run.RunId, attempt));

    private static string Subject(MatchmakingRun run) => $"{run.ExpoId}/{run.RunId}";
}
