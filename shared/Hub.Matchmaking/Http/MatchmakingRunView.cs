using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Storage;

namespace Hub.Matchmaking.Http;

/// <summary>A run as <c>GET /api/expos/{expoId}/matchmaking-runs/{runId}</c> shows it (docs: the agreed status shape).</summary>
/// <param name="DurationSeconds">From start to completion or failure; while running, so far; null while queued.</param>
/// <param name="Progress">Where a running run is; <c>done</c> once completed.</param>
/// <param name="Moved">Published meetings (of <paramref name="BasedOnRunId"/>) this run did not keep where they were.</param>
/// <param name="MovedReasons">How many moved for each reason (<c>buyer cancelled</c>).</param>
public sealed record MatchmakingRunView(
    string RunId,
    string ExpoId,
    string Status,
    bool Published,
    bool PreserveExisting,
    string? BasedOnRunId,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    double? DurationSeconds,
    MatchmakingProgressView? Progress,
    MatchmakingMetricsView? Metrics,
    int Moved,
    IReadOnlyDictionary<string, int> MovedReasons,
    string? Error)
{
    public static MatchmakingRunView Of(MatchmakingRun run, DateTimeOffset now) => new(
        run.RunId,
        run.ExpoId,
        run.Status,
        run.Published,
        run.PreserveExisting,
        run.BasedOnRunId,
        run.RequestedAt,
        run.StartedAt,
        run.CompletedAt,
        run.StartedAt is { } started ? Math.Round(((run.CompletedAt ?? now) - started).TotalSeconds, 3) : null,
        run.Progress is { } p ? new MatchmakingProgressView(p.Stage, p.Fraction) : null,
        run.Metrics is { } m
            ? new MatchmakingMetricsView(m.PairsConsidered, m.PairsScored, m.MeetingsScheduled, m.ParticipantsWithMeeting, m.BuyersWithPlausiblePartner,
                m.BuyersWithMeeting, m.Objective, m.UpperBound, m.Gap)
            : null,
        run.Metrics?.Moved ?? 0,
        run.Metrics?.MovedReasons ?? new Dictionary<string, int>(),
        run.Error);
}

public sealed record MatchmakingProgressView(string Stage, double Fraction);

public sealed record MatchmakingMetricsView(
    long PairsConsidered,
    int PairsScored,
    int MeetingsScheduled,
    int ParticipantsWithMeeting,
    int BuyersWithPlausiblePartner,
    int BuyersWithMeeting,
    double Objective,
    double UpperBound,
    double Gap);

/// <summary><c>GET /api/expos/{expoId}/matchmaking-runs</c>: every run of the expo, newest first.</summary>
public sealed record MatchmakingRunList(IReadOnlyList<MatchmakingRunView> Items);

/// <summary>The 202 of <c>POST /api/expos/{expoId}/matchmaking-runs</c>.</summary>
public sealed record MatchmakingRunAccepted(string RunId, string StatusUrl);

