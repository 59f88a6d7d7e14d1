using System.Diagnostics;
using Hub.Matchmaking.Model;

namespace Hub.Matchmaking.Engine;

/// <summary>A scheduled meeting with its participants' ids, its time and the reasons for its score.</summary>
public sealed record Meeting(string ExhibitorId, string BuyerId, int Slot, int Table, double Score, IReadOnlyList<ScoreReason> Reasons);

/// <summary>A run's figures, as its status shows them.</summary>
/// <param name="BuyersWithPlausiblePartner">Active buyers with a candidate they share an available slot with: those a schedule can meet.</param>
/// <param name="Gap">(bound - objective) / bound; 0 when the bound is 0.</param>
public sealed record MatchmakingMetrics(
    long PairsConsidered,
    int PairsScored,
    int MeetingsScheduled,
    int ParticipantsWithMeeting,
    int BuyersWithPlausiblePartner,
    int BuyersWithMeeting,
    double Objective,
    double UpperBound,
    double Gap,
    int Moved,
    IReadOnlyDictionary<string, int> MovedReasons,
    TimeSpan ScoringTime,
    TimeSpan SchedulingTime);

public sealed record MatchmakingOutcome(IReadOnlyList<Meeting> Meetings, MatchmakingMetrics Metrics, IReadOnlyList<MovedMeeting> Moved);

/// <summary>One run of matchmaking, start to end: candidates and scores, then selection and schedule, then the reasons.</summary>
public sealed class MatchmakingEngine(ICandidateScorer scorer, IMeetingScheduler scheduler)
{
    public MatchmakingOutcome Run(MatchmakingProblem problem, IProgress<MatchmakingProgress>? progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        progress?.Report(new MatchmakingProgress("candidates", 0));
        var candidates = scorer.Score(problem, cancellationToken);
        var scoringTime = watch.Elapsed;

        cancellationToken.ThrowIfCancellationRequested();
        var schedule = scheduler.Solve(problem, candidates, progress, cancellationToken);
        var schedulingTime = watch.Elapsed - scoringTime;

        var meetings = schedule.Meetings
            .Select(m => new Meeting(problem.Exhibitors[m.Exhibitor].Id, problem.Buyers[m.Buyer].Id, m.Slot, m.Table, m.Score,
                scorer.Explain(problem, m.Exhibitor, m.Buyer)))
            .ToList();

        var buyersWithCandidate = BuyersWithAMeetablePartner(problem, candidates);
        var buyersMet = new HashSet<int>(schedule.Meetings.Select(m => m.Buyer));
        var exhibitorsMet = new HashSet<int>(schedule.Meetings.Select(m => m.Exhibitor));
        var metrics = new MatchmakingMetrics(
            candidates.PairsConsidered,
            candidates.Pairs.Count,
            meetings.Count,
            buyersMet.Count + exhibitorsMet.Count,
            buyersWithCandidate.Count,
            buyersMet.Count,
            schedule.Objective,
            schedule.UpperBound,
            schedule.UpperBound <= 0 ? 0 : Math.Max(0, (schedule.UpperBound - schedule.Objective) / schedule.UpperBound),
            schedule.Moved.Count,
            schedule.Moved.GroupBy(m => m.Reason).ToDictionary(g => g.Key, g => g.Count()),
            scoringTime,
            schedulingTime);
        return new MatchmakingOutcome(meetings, metrics, schedule.Moved);
    }

    private static HashSet<int> BuyersWithAMeetablePartner(MatchmakingProblem problem, CandidateSet candidates)
    {
        var grid = problem.Grid;
        var exhibitorSlots = new SlotSet?[problem.Exhibitors.Count];
        var buyerSlots = new SlotSet?[problem.Buyers.Count];
        var buyers = new HashSet<int>();
        foreach (var pair in candidates.Pairs)
        {
            if (buyers.Contains(pair.Buyer)) continue;
            var e = exhibitorSlots[pair.Exhibitor] ??= grid.AvailableSlots(problem.Exhibitors[pair.Exhibitor]);
            var b = buyerSlots[pair.Buyer] ??= grid.AvailableSlots(problem.Buyers[pair.Buyer]);
            if (e.Overlaps(b)) buyers.Add(pair.Buyer);
        }

        return buyers;
    }
}
