using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Scheduling;
using static Hub.Matchmaking.Tests.Scheduling.SchedulingExpos;

namespace Hub.Matchmaking.Tests.Scheduling;

/// <summary>Few idle gaps: a participant's meetings of a day sit next to each other where availability allows.</summary>
public sealed class when_a_participant_has_several_meetings_in_a_day
{
    public static TheoryData<int> ExactLimits => new() { 0, 100_000 };

    [Theory]
    [MemberData(nameof(ExactLimits))]
    public void an_exhibitor_meeting_everyone_free_all_day_meets_them_back_to_back(int exactLimit)
    {
        var exhibitors = new[] { Exhibitor("ex-0"), Exhibitor("ex-1") };
        var buyers = Enumerable.Range(0, 5).Select(i => Buyer($"by-{i}")).ToArray();
        var pairs = Enumerable.Range(0, 5).Select(b => new CandidatePair(0, b, 20 + b, 0, false))
            .Append(new CandidatePair(1, 0, 30, 0, false)).Append(new CandidatePair(1, 4, 25, 0, false)).ToList();
        var problem = new MatchmakingProblem(Expo(slots: 12, tables: 4), exhibitors, buyers, []);
        var candidates = new CandidateSet(pairs, pairs.Count);

        var schedule = new MeetingScheduler(new MeetingSchedulerOptions(ExactVariableLimit: exactLimit)).Solve(problem, candidates, null, CancellationToken.None);

        Assert.Empty(ScheduleChecker.Check(problem, candidates, schedule));
        Assert.Equal(7, schedule.Meetings.Count);
        foreach (var exhibitor in new[] { 0, 1 })
        {
            var slots = schedule.Meetings.Where(m => m.Exhibitor == exhibitor).Select(m => m.Slot).Order().ToList();
            Assert.True(slots[^1] - slots[0] == slots.Count - 1, $"exhibitor {exhibitor} meets in slots {string.Join(",", slots)}");
        }
    }
}
