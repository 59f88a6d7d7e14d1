namespace Hub.Contracts.Matchmaking;

/// <summary>Wire names of the matchmaking events (see <see cref="Orders.OrderEventTypes"/> for why they are not type names).</summary>
public static class MatchmakingEventTypes
{
    /// <summary>
    /// A matchmaking run is to be run (subject = <c>{expoId}/{runId}</c>), by the <c>engine</c> subscription of
    /// <c>matchmaking</c>: published when a run is requested, for a retry after a fault of the hub (for later), and by the sweep.
    /// </summary>
    public const string RunRequested = "hub.matchmaking.run.requested.v1";

    /// <summary>A run completed: its meetings are all written and its status names them. No subscription takes it yet.</summary>
    public const string RunCompleted = "hub.matchmaking.run.completed.v1";

    /// <summary>A run failed, on bad data or a fault of the hub. No subscription takes it yet.</summary>
    public const string RunFailed = "hub.matchmaking.run.failed.v1";
}

/// <summary>
/// The data of <c>run.requested</c>: run a requested matchmaking run. Its CloudEvent id is <see cref="IdFor"/>, one per
/// attempt, so that the same request published twice (a redelivered handler, the sweep) is recognised as one.
/// </summary>
/// <param name="Attempt">The attempt this request starts (1 for the first).</param>
public sealed record MatchmakingRunRequested(string ExpoId, string RunId, int Attempt)
{
    public static string IdFor(string expoId, string runId, int attempt) => $"matchmaking-run/{expoId}/{runId}/{attempt}";
}

/// <summary>The data of <c>run.completed</c>: the run's attempt that completed, where its meetings are, and its main figures.</summary>
/// <param name="ResultPartition">The <c>meetings</c> partition holding every participant's meetings of this attempt.</param>
public sealed record MatchmakingRunCompletedData(
    string ExpoId,
    string RunId,
    int Attempt,
    string ResultPartition,
    int MeetingsScheduled,
    int ParticipantsWithMeeting,
    double Objective,
    double UpperBound,
    int Moved)
{
    public static string IdFor(string expoId, string runId, int attempt) => $"matchmaking-run-completed/{expoId}/{runId}/{attempt}";
}

/// <summary>The data of <c>run.failed</c>.</summary>
/// <param name="WillRetry">Whether the hub runs it again by itself (a fault of the hub with attempts left); bad data is not retried.</param>
public sealed record MatchmakingRunFailedData(string ExpoId, string RunId, int Attempt, string Error, bool WillRetry)
{
    public static string IdFor(string expoId, string runId, int attempt) => $"matchmaking-run-failed/{expoId}/{runId}/{attempt}";
}
