using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Scheduling;
using Hub.Matchmaking.Scoring;
using Hub.Testing.Matchmaking;

namespace Hub.Matchmaking.Tests.Engine;

/// <summary>
/// The benchmark's expo at a fifth of its size, tables included: 80 tables x 48 slots hold 3,840 meetings for 2,000
/// buyers, so every table is taken and buyers compete for them. A buyer that shares an available slot with one of its
/// candidates must still get a first meeting, even where placement ran out of tables in that buyer's few slots.
/// </summary>
public sealed class when_tables_bind_on_a_realistic_expo
{
    [Fact]
    public void every_buyer_that_can_meet_a_candidate_gets_at_least_one_meeting()
    {
        var problem = SyntheticExpos.Generate(new SyntheticExpoShape(400, 2_000, Days: 3, SlotsPerDay: 16, Tables: 80,
            ExhibitorMaxMeetings: 24, BuyerMaxMeetings: 8, Seed: 1));

        var outcome = new MatchmakingEngine(new CandidateScorer(), new MeetingScheduler()).Run(problem, null, CancellationToken.None);

        var candidates = new CandidateScorer().Score(problem, CancellationToken.None);
        var grid = problem.Grid;
        var meetable = candidates.Pairs
            .Where(p => grid.AvailableSlots(problem.Exhibitors[p.Exhibitor]).Overlaps(grid.AvailableSlots(problem.Buyers[p.Buyer])))
            .Select(p => problem.Buyers[p.Buyer].Id).ToHashSet();
        var met = outcome.Meetings.Select(m => m.BuyerId).ToHashSet();
        Assert.Equal(grid.Count * problem.Expo.Tables, outcome.Meetings.Count);
        Assert.Empty(meetable.Except(met));
        Assert.Equal(meetable.Count, outcome.Metrics.BuyersWithPlausiblePartner);
        Assert.Equal(met.Count, outcome.Metrics.BuyersWithMeeting);
    }
}
