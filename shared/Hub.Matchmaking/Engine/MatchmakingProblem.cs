using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Engine;

/// <summary>
/// What one run solves: an expo, its exhibitors and buyers (cancelled ones included: the engine leaves them out), and the
/// published meetings to keep where they are still feasible. Engines address participants by their index in
/// <see cref="Exhibitors"/> and <see cref="Buyers"/>.
/// </summary>
/// <param name="Preserved">Meetings of the published run to keep at their slot and table if still feasible; empty for a fresh run.</param>
public sealed record MatchmakingProblem(
    Expo Expo,
    IReadOnlyList<Participant> Exhibitors,
    IReadOnlyList<Participant> Buyers,
    IReadOnlyList<PreservedMeeting> Preserved)
{
    private SlotGrid? _grid;

    public SlotGrid Grid => _grid ??= new SlotGrid(Expo);
}

/// <summary>A meeting of the published run that a re-run should not move (<c>preserveExisting</c>).</summary>
public sealed record PreservedMeeting(string ExhibitorId, string BuyerId, int Slot, int Table);

/// <summary>One named component of a pair's score, listed as a reason (<c>HS 8471 match</c>, <c>both speak en</c>).</summary>
/// <param name="Component">A stable code: <c>hs</c>, <c>keywords</c>, <c>market</c>, <c>language</c>, <c>certifications</c>, <c>request</c>, <c>mutual</c>.</param>
/// <param name="Text">What a person reads.</param>
/// <param name="Points">The component's share of the score; a pair's reasons add up to its score.</param>
public sealed record ScoreReason(string Component, string Text, double Points);

/// <summary>A plausible pair with its score (indexes into the problem's exhibitors and buyers). Blocked pairs never appear.</summary>
/// <param name="RequestRank">1 when the buyer's first request names the exhibitor, 2 for its second ...; 0 when not requested.</param>
/// <param name="Mutual">Both requested each other.</param>
public readonly record struct CandidatePair(int Exhibitor, int Buyer, double Score, int RequestRank, bool Mutual);

/// <summary>The plausible pairs of a problem, and how much work finding them took.</summary>
/// <param name="PairsConsidered">Pairs the index brought together and the scorer looked at (not every pair of the expo).</param>
public sealed record CandidateSet(IReadOnlyList<CandidatePair> Pairs, long PairsConsidered);

/// <summary>A scheduled meeting by index: the pair, its slot (<see cref="SlotGrid"/>) and table (1 to <see cref="Expo.Tables"/>).</summary>
public readonly record struct ScheduledPair(int Exhibitor, int Buyer, int Slot, int Table, double Score);

/// <summary>What the scheduler decided, and how good it is.</summary>
/// <param name="Objective">The sum of the scheduled meetings' scores.</param>
/// <param name="UpperBound">A bound no schedule of this problem can beat (e.g. the best selection without slot clashes).</param>
/// <param name="Moved">Preserved meetings that could not be kept, each with why (<c>buyer cancelled</c>, <c>exhibitor no longer available</c>).</param>
public sealed record Schedule(IReadOnlyList<ScheduledPair> Meetings, double Objective, double UpperBound, IReadOnlyList<MovedMeeting> Moved);

/// <summary>A preserved meeting the run did not keep where it was, and why.</summary>
public sealed record MovedMeeting(PreservedMeeting Meeting, string Reason);

/// <summary>Where a run is: a stage (<c>candidates</c>, <c>selection</c>, <c>scheduling</c>, <c>storing</c>) and the share of it done.</summary>
public readonly record struct MatchmakingProgress(string Stage, double Fraction);

/// <summary>Finds and scores the plausible pairs of a problem, without scoring every pair blindly.</summary>
public interface ICandidateScorer
{
    /// <summary>Every plausible pair, scored. Cancelled participants and blocked pairs (either side) never appear.</summary>
    CandidateSet Score(MatchmakingProblem problem, CancellationToken cancellationToken);

    /// <summary>The named components of one pair's score: their points add up to the score <see cref="Score"/> gave it.</summary>
    IReadOnlyList<ScoreReason> Explain(MatchmakingProblem problem, int exhibitor, int buyer);
}

/// <summary>Selects meetings among the candidates and gives each a slot and a table, within every hard constraint.</summary>
public interface IMeetingScheduler
{
    /// <summary>
    /// A schedule where nobody is double-booked, both parties are available in the slot, no slot holds more than the
    /// expo's tables, nobody exceeds their meeting limit, and every preserved meeting that is still feasible stays at its
    /// slot and table.
    /// </summary>
    Schedule Solve(MatchmakingProblem problem, CandidateSet candidates, IProgress<MatchmakingProgress>? progress, CancellationToken cancellationToken);
}
