using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Scheduling;
using Hub.Matchmaking.Scoring;

namespace Hub.Matchmaking.Tests.Engine;

public sealed class when_a_small_expo_is_matched
{
    private static readonly Expo OneMorning = new("expo-1", "Expo", "Asia/Shanghai",
        [new ExpoDay(new DateOnly(2026, 5, 20), new TimeOnly(9, 0), new TimeOnly(10, 0))], SlotMinutes: 20, Tables: 1);

    [Fact]
    public void pairs_with_a_common_hs_code_meet_blocked_pairs_never_and_reasons_add_up_to_scores()
    {
        var pumps = Exhibitor("e-pumps", ["841370"]);
        var lamps = Exhibitor("e-lamps", ["9405"]);
        var buyer = Buyer("b-1", interests: ["8413"], blocked: ["e-lamps"]) with { Requests = ["e-lamps"] };
        var other = Buyer("b-2", interests: ["94"]);

        var outcome = Run(new MatchmakingProblem(OneMorning, [pumps, lamps], [buyer, other], []));

        Assert.Equal([("e-pumps", "b-1"), ("e-lamps", "b-2")], outcome.Meetings.Select(m => (m.ExhibitorId, m.BuyerId)).Order().Reverse());
        Assert.All(outcome.Meetings, m => Assert.Equal(m.Score, m.Reasons.Sum(r => r.Points), 9));
        Assert.Contains(outcome.Meetings.Single(m => m.BuyerId == "b-1").Reasons, r => r.Text == "HS 8413 match");
        Assert.True(outcome.Metrics.Objective <= outcome.Metrics.UpperBound);
    }

    [Fact]
    public void one_table_holds_one_meeting_a_slot_and_nobody_is_double_booked()
    {
        var exhibitors = Enumerable.Range(1, 3).Select(i => Exhibitor($"e-{i}", ["8413"])).ToList();
        var buyers = Enumerable.Range(1, 3).Select(i => Buyer($"b-{i}", interests: ["8413"])).ToList();

        var outcome = Run(new MatchmakingProblem(OneMorning, exhibitors, buyers, []));

        Assert.Equal(3, outcome.Meetings.Count);
        Assert.Equal(3, outcome.Meetings.Select(m => m.Slot).Distinct().Count());
    }

    [Fact]
    public void a_preserved_meeting_of_a_cancelled_buyer_is_reported_as_moved()
    {
        var outcome = Run(new MatchmakingProblem(OneMorning, [Exhibitor("e-1", ["8413"])], [Buyer("b-1", ["8413"]) with { Cancelled = true }],
            [new PreservedMeeting("e-1", "b-1", 0, 1)]));

        Assert.Empty(outcome.Meetings);
        Assert.Equal("buyer cancelled", Assert.Single(outcome.Moved).Reason);
    }

    private static MatchmakingOutcome Run(MatchmakingProblem problem) =>
        new MatchmakingEngine(new CandidateScorer(), new MeetingScheduler()).Run(problem, null, CancellationToken.None);

    private static Participant Exhibitor(string id, IReadOnlyList<string> categories) =>
        new(id, ParticipantKind.Exhibitor, id, "CN", categories, "", ["MY"], ["zh", "en"], []);

    private static Participant Buyer(string id, IReadOnlyList<string> interests, IReadOnlyList<string>? blocked = null) =>
        new(id, ParticipantKind.Buyer, id, "MY", [], "", [], ["en"], [], Interests: interests, Blocked: blocked);
}
