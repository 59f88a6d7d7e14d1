using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Scheduling;
using static Hub.Matchmaking.Tests.Scheduling.SchedulingExpos;

namespace Hub.Matchmaking.Tests.Scheduling;

/// <summary>
/// Fairness: every buyer with a plausible partner gets a first meeting before anyone gets a fourth. One buyer ("star")
/// scores far higher with every exhibitor than the others do; the tables are too few for everyone to get many meetings.
/// </summary>
public sealed class when_buyers_compete_for_scarce_tables
{
    public static TheoryData<int> ExactLimits => new() { 0, 100_000 };

    private static (MatchmakingProblem, CandidateSet) StarAndEleven()
    {
        // 2 tables x 8 slots = 16 meetings; 6 exhibitors; the star could fill 8 of them at 100 points each.
        var exhibitors = Enumerable.Range(0, 6).Select(i => Exhibitor($"ex-{i}")).ToList();
        var buyers = Enumerable.Range(0, 12).Select(i => Buyer(i == 0 ? "star" : $"by-{i}")).ToList();
        var pairs = new List<CandidatePair>();
        for (var e = 0; e < exhibitors.Count; e++)
        {
            pairs.Add(new CandidatePair(e, 0, 100, 0, false));
            for (var b = 1; b < buyers.Count; b++)
                if ((b + e) % 3 == 0) pairs.Add(new CandidatePair(e, b, 10 + b, 0, false));
        }

        return (new MatchmakingProblem(Expo(slots: 8, tables: 2), exhibitors, buyers, []), new CandidateSet(pairs, pairs.Count));
    }

    [Theory]
    [MemberData(nameof(ExactLimits))]
    public void every_buyer_with_a_candidate_gets_a_meeting_before_anyone_gets_a_fourth(int exactLimit)
    {
        var (problem, candidates) = StarAndEleven();

        var schedule = new MeetingScheduler(new MeetingSchedulerOptions(ExactVariableLimit: exactLimit)).Solve(problem, candidates, null, CancellationToken.None);

        Assert.Empty(ScheduleChecker.Check(problem, candidates, schedule));
        var perBuyer = schedule.Meetings.GroupBy(m => m.Buyer).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(candidates.Pairs.Select(p => p.Buyer).Distinct(), b => Assert.True(perBuyer.GetValueOrDefault(b) >= 1, $"buyer {b} has no meeting"));
        Assert.Equal(16, schedule.Meetings.Count);
    }

    [Theory]
    [MemberData(nameof(ExactLimits))]
    public void without_fairness_the_star_takes_the_tables_and_some_buyers_get_none(int exactLimit)
    {
        // The contrast that shows the fairness test above can fail: pure score leaves buyers out while the star has 4+.
        var (problem, candidates) = StarAndEleven();

        var schedule = new MeetingScheduler(new MeetingSchedulerOptions(Fairness: false, ExactVariableLimit: exactLimit)).Solve(problem, candidates, null, CancellationToken.None);

        Assert.Empty(ScheduleChecker.Check(problem, candidates, schedule));
        var perBuyer = schedule.Meetings.GroupBy(m => m.Buyer).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(perBuyer.GetValueOrDefault(0) >= 4);
        Assert.Contains(Enumerable.Range(1, 11), b => perBuyer.GetValueOrDefault(b) == 0);
    }

    [Fact]
    public void with_enough_capacity_every_buyer_with_a_candidate_is_met_and_nobody_has_a_fourth_while_one_has_none()
    {
        // 20 exhibitors x 200 buyers, 16 slots, 20 tables: each buyer's "home" exhibitor has 10 home buyers, so all can meet.
        var random = new Random(11);
        var exhibitors = Enumerable.Range(0, 20).Select(i => Exhibitor($"ex-{i}", maxMeetings: 16)).ToList();
        var buyers = Enumerable.Range(0, 200).Select(i => Buyer($"by-{i}", maxMeetings: 8)).ToList();
        var pairs = new List<CandidatePair>();
        for (var b = 0; b < buyers.Count; b++)
        {
            pairs.Add(new CandidatePair(b % 20, b, random.Next(500, 3000) / 100.0, 0, false));
            foreach (var e in Enumerable.Range(0, 20).Where(e => e != b % 20 && random.Next(100) < 15))
                pairs.Add(new CandidatePair(e, b, random.Next(500, 12000) / 100.0, random.Next(5) == 0 ? 1 : 0, false));
        }

        // A handful of "popular" buyers whose scores dwarf everyone's: without fairness they would crowd others out.
        for (var b = 0; b < 5; b++)
            for (var e = 0; e < 20; e++)
                pairs.Add(new CandidatePair(e, 200 + b, 150, 1, true));
        buyers.AddRange(Enumerable.Range(0, 5).Select(i => Buyer($"popular-{i}", maxMeetings: 8)));
        var problem = new MatchmakingProblem(Expo(slots: 16, tables: 20), exhibitors, buyers, []);
        var candidates = new CandidateSet(pairs, pairs.Count);

        var schedule = new MeetingScheduler().Solve(problem, candidates, null, CancellationToken.None);

        Assert.Empty(ScheduleChecker.Check(problem, candidates, schedule));
        var perBuyer = schedule.Meetings.GroupBy(m => m.Buyer).ToDictionary(g => g.Key, g => g.Count());
        var unmet = pairs.Select(p => p.Buyer).Distinct().Where(b => perBuyer.GetValueOrDefault(b) == 0).ToList();
        Assert.Empty(unmet);
        Assert.True(schedule.Objective >= 0.8 * schedule.UpperBound, $"objective {schedule.Objective}, bound {schedule.UpperBound}");
    }
}
