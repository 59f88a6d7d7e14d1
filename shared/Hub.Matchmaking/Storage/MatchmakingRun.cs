using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Storage;

/// <summary>The statuses a run goes through: queued, then running, then completed or failed.</summary>
public static class MatchmakingRunStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>
/// A matchmaking run's status document: container <c>matchmaking-runs</c>, partition = expo id, id = run id. A run is a
/// draft until published. <see cref="ResultPartition"/> is set, in the same write that makes the run completed, only once
/// every meetings document of the attempt is written: a reader that finds no partition finds no meetings.
/// </summary>
/// <param name="BasedOnRunId">
/// The expo's published run when this run was requested, if any: its meetings are kept where still feasible when
/// <see cref="PreserveExisting"/>, and its meetings' <see cref="MeetingEntry.Sequence"/> carry on (moved: one more) either way.
/// </param>
/// <param name="Attempt">The attempt running or last run (1 for the first); each attempt writes its own partition.</param>
/// <param name="ResultPartition">The meetings partition of the completed attempt: <c>{expoId}/{runId}/{attempt}</c>.</param>
/// <param name="RetryAt">A failed run that the hub runs again by itself (a fault of the hub, attempts left): when; null otherwise.</param>
public sealed record MatchmakingRun(
    string ExpoId,
    string RunId,
    string Status,
    DateTimeOffset RequestedAt,
    bool PreserveExisting,
    string? BasedOnRunId = null,
    int Attempt = 0,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? CompletedAt = null,
    MatchmakingProgress? Progress = null,
    MatchmakingMetrics? Metrics = null,
    string? ResultPartition = null,
    bool Published = false,
    DateTimeOffset? PublishedAt = null,
    string? Error = null,
    DateTimeOffset? RetryAt = null)
{
    public static string PartitionOf(string expoId, string runId, int attempt) => $"{expoId}/{runId}/{attempt}";
}

/// <summary>
/// One participant's meetings in one run (exhibitor or buyer): container <c>meetings</c>, partition =
/// <see cref="MatchmakingRun.ResultPartition"/>, id = participant id. Each meeting is in both its participants' documents.
/// </summary>
public sealed record ParticipantMeetings(string ExpoId, string RunId, string ParticipantId, ParticipantKind Kind, IReadOnlyList<MeetingEntry> Meetings);

/// <summary>
/// A meeting as outputs show it (the meetings route, meetings.csv, agenda.ics).
/// </summary>
/// <param name="Slot">Index in the expo's <see cref="SlotGrid"/>; <paramref name="Day"/>, <paramref name="Start"/> and <paramref name="End"/> are its local day and times.</param>
/// <param name="Sequence">How often this pair's meeting has moved across published runs (iCalendar SEQUENCE); 0 when it never moved.</param>
public sealed record MeetingEntry(
    string ExhibitorId,
    string ExhibitorCompany,
    string BuyerId,
    string BuyerCompany,
    int Slot,
    DateOnly Day,
    TimeOnly Start,
    TimeOnly End,
    int Table,
    double Score,
    IReadOnlyList<ScoreReason> Reasons,
    int Sequence = 0);
