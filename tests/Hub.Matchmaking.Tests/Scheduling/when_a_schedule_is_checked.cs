using Hub.Matchmaking.Engine;
using static Hub.Matchmaking.Tests.Scheduling.SchedulingExpos;

namespace Hub.Matchmaking.Tests.Scheduling;

/// <summary>The checker itself: a schedule breaking each hard constraint gets each violation named.</summary>
public sealed class when_a_schedule_is_checked
{
    private static readonly MatchmakingProblem Problem = new(
        Expo(slots: 4, tables: 2),
        [Exhibitor("ex-0", maxMeetings: 1), Exhibitor("ex-1"), Exhibitor("ex-2", cancelled: true)],
        [Buyer("by-0"), Buyer("by-1", slots: (0, 1)), Buyer("by-2", blocked: ["ex-1"]), Buyer("by-3")],
        [new PreservedMeeting("ex-1", "by-3", 0, 1)]);

    private static readonly CandidateSet Candidates = new(
        [new(0, 0, 10, 0, false), new(0, 1, 20, 0, false), new(1, 0, 30, 0, false), new(1, 1, 5, 0, false), new(2, 3, 7, 0, false), new(1, 2, 9, 0, false)], 6);

    [Fact]
    public void a_valid_schedule_has_no_violation()
    {
        var schedule = new Schedule([new ScheduledPair(0, 1, 0, 1, 20), new ScheduledPair(1, 0, 0, 2, 30)], 50, 60,
            [new MovedMeeting(Problem.Preserved[0], "buyer cancelled")]);

        Assert.Empty(ScheduleChecker.Check(Problem, Candidates, schedule));
    }

    [Fact]
    public void every_broken_constraint_is_reported()
    {
        var schedule = new Schedule(
            [
                new ScheduledPair(0, 0, 0, 1, 10),
                new ScheduledPair(0, 1, 0, 2, 20),   // ex-0 twice in slot 0, and over its limit of 1
                new ScheduledPair(1, 1, 2, 1, 5),    // by-1 is not available in slot 2
                new ScheduledPair(1, 0, 2, 1, 30),   // table 1 twice in slot 2; by-0 ...
                new ScheduledPair(1, 0, 3, 3, 30),   // ... meets ex-1 twice; table 3 of 2
                new ScheduledPair(2, 3, 1, 1, 7),    // ex-2 is cancelled
                new ScheduledPair(1, 2, 1, 2, 9),    // by-2 blocks ex-1
                new ScheduledPair(1, 3, 3, 1, 12),   // not a candidate, not a preserved meeting; wrong score
                new ScheduledPair(0, 2, 6, 1, 0),    // slot 6 of 4
            ],
            Objective: 100, UpperBound: 90, Moved: []);

        var violations = ScheduleChecker.Check(Problem, Candidates, schedule);

        string[] expected =
        [
            "exhibitor ex-0 double-booked in slot 0",
            "buyer by-1 not available in slot 2",
            "table 1 used twice in slot 2",
            "the pair meets more than once",
            "table 3 outside 1..2",
            "exhibitor ex-2 is cancelled",
            "the pair is blocked",
            "neither a candidate pair nor a preserved meeting kept in place",
            "score 12 is not the pair's 0",
            "slot 6 outside the grid of 4",
            "exhibitor ex-0 has 3 meetings, limit 1",
            "objective 100 is not the sum of scores 123",
            "objective 100 exceeds the bound 90",
            "is kept 0x and reported moved 0x",
        ];
        foreach (var text in expected)
            Assert.True(violations.Any(v => v.Contains(text, StringComparison.Ordinal)), $"missing '{text}' in: {string.Join(" | ", violations)}");
    }

    [Fact]
    public void too_many_meetings_in_a_slot_are_reported()
    {
        var problem = Problem with { Expo = Problem.Expo with { Tables = 1 } };
        var schedule = new Schedule([new ScheduledPair(0, 1, 0, 1, 20), new ScheduledPair(1, 0, 0, 1, 30)], 50, 60,
            [new MovedMeeting(Problem.Preserved[0], "buyer cancelled")]);

        var violations = ScheduleChecker.Check(problem, Candidates, schedule);

        Assert.Contains("slot 0 holds 2 meetings for 1 tables", violations);
    }
}
