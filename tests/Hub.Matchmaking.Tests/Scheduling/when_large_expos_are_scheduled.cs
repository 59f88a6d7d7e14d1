using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Scheduling;

namespace Hub.Matchmaking.Tests.Scheduling;

/// <summary>
/// Larger synthetic expos (beyond the exact path): the schedule keeps every constraint, and the upper bound is a bound:
/// above the objective, above the value of an independently built feasible schedule (a plain greedy by score), and above
/// the scheduler's own pure-score schedule.
/// </summary>
public sealed class when_large_expos_are_scheduled
{
    public static TheoryData<int> Seeds => new() { 1, 2, 3 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void the_bound_is_above_every_feasible_schedule_and_the_schedule_keeps_every_constraint(int seed)
    {
        var shape = new ExpoShape("large", 150, 700, 2, 8, 25, 1, 8, 70, 2, 6, 3, 2, 0, false, seed);
        var (problem, candidates) = RandomExpos.Build(shape);

        var fair = new MeetingScheduler().Solve(problem, candidates, null, CancellationToken.None);
        var pure = new MeetingScheduler(new MeetingSchedulerOptions(Fairness: false)).Solve(problem, candidates, null, CancellationToken.None);
        var greedy = GreedyBaseline(problem, candidates);

        Assert.Empty(ScheduleChecker.Check(problem, candidates, fair));
        Assert.Empty(ScheduleChecker.Check(problem, candidates, pure));
        Assert.Empty(ScheduleChecker.Check(problem, candidates, greedy));
        Assert.Equal(fair.UpperBound, pure.UpperBound);
        Assert.True(greedy.Objective <= fair.UpperBound + 1e-6, $"greedy {greedy.Objective} above the bound {fair.UpperBound}");
        Assert.True(pure.Objective <= fair.UpperBound + 1e-6);
        // Not a proof of quality, a guard against a regression to a poor schedule.
        Assert.True(pure.Objective >= greedy.Objective - 1e-6, $"pure-score schedule {pure.Objective} below the plain greedy {greedy.Objective}");
        Assert.True(pure.Objective >= 0.95 * pure.UpperBound, $"pure {pure.Objective} / bound {pure.UpperBound}");
        // Fairness meets at least as many buyers as pure score does, and never leaves a buyer with a candidate unmet
        // while another has a fourth meeting.
        var fairPerBuyer = fair.Meetings.GroupBy(m => m.Buyer).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(fairPerBuyer.Count >= pure.Meetings.Select(m => m.Buyer).Distinct().Count());
        var unmet = candidates.Pairs.Where(p => !problem.Buyers[p.Buyer].Cancelled && !problem.Exhibitors[p.Exhibitor].Cancelled)
            .Select(p => p.Buyer).Distinct().Count(b => !fairPerBuyer.ContainsKey(b));
        Assert.True(unmet == 0 || fairPerBuyer.Values.All(c => c < 4), $"{unmet} buyers unmet while some have 4+ meetings");
    }

    /// <summary>A feasible schedule built without the scheduler: best pairs first, each in its first free common slot.</summary>
    private static Schedule GreedyBaseline(MatchmakingProblem problem, CandidateSet candidates)
    {
        var grid = problem.Grid;
        var expo = problem.Expo;
        var busy = new HashSet<(string Id, int Slot)>();
        var load = new int[grid.Count];
        var countE = new int[problem.Exhibitors.Count];
        var countB = new int[problem.Buyers.Count];
        var met = new HashSet<(int, int)>();
        var meetings = new List<ScheduledPair>();
        foreach (var c in candidates.Pairs.OrderByDescending(c => c.Score).ThenBy(c => c.Exhibitor).ThenBy(c => c.Buyer))
        {
            var exhibitor = problem.Exhibitors[c.Exhibitor];
            var buyer = problem.Buyers[c.Buyer];
            if (exhibitor.Cancelled || buyer.Cancelled || buyer.BlockedOrEmpty.Contains(exhibitor.Id) || exhibitor.BlockedOrEmpty.Contains(buyer.Id)) continue;
            if (countE[c.Exhibitor] >= exhibitor.MeetingLimit(expo) || countB[c.Buyer] >= buyer.MeetingLimit(expo) || !met.Add((c.Exhibitor, c.Buyer))) continue;
            var common = grid.AvailableSlots(exhibitor);
            var theirs = grid.AvailableSlots(buyer);
            foreach (var s in common.Members())
            {
                if (!theirs.Contains(s) || load[s] >= expo.Tables || busy.Contains((exhibitor.Id, s)) || busy.Contains((buyer.Id, s))) continue;
                busy.Add((exhibitor.Id, s));
                busy.Add((buyer.Id, s));
                meetings.Add(new ScheduledPair(c.Exhibitor, c.Buyer, s, ++load[s], c.Score));
                countE[c.Exhibitor]++;
                countB[c.Buyer]++;
                break;
            }
        }

        var objective = meetings.Sum(m => m.Score);
        return new Schedule(meetings, objective, double.MaxValue, []);
    }
}
