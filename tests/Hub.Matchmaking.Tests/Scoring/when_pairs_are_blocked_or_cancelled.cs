using static Hub.Matchmaking.Tests.Scoring.ScoringFixtures;

namespace Hub.Matchmaking.Tests.Scoring;

/// <summary>Every exhibitor here sells what every buyer wants: only blocks and cancellations keep pairs apart.</summary>
public sealed class when_pairs_are_blocked_or_cancelled
{
    [Fact]
    public void a_pair_either_side_blocked_never_appears_even_when_requested()
    {
        var problem = Problem(
            [Exhibitor("e1", ["847130"]), Exhibitor("e2", ["847130"], blocked: ["b2"]), Exhibitor("e3", ["847130"], requests: ["b1"])],
            [Buyer("b1", ["847130"], requests: ["e1"], blocked: ["e1", "e3"]), Buyer("b2", ["847130"], requests: ["e2"])]);
        var scorer = Uncapped();

        var set = scorer.Score(problem, TestContext.Current.CancellationToken);

        Assert.Equal(
            [("e2", "b1"), ("e1", "b2"), ("e3", "b2")],
            set.Pairs.Select(p => (problem.Exhibitors[p.Exhibitor].Id, problem.Buyers[p.Buyer].Id)).OrderBy(p => p.Item2).ThenBy(p => p.Item1));
        Assert.False(scorer.IsPlausible(problem, 0, 0));
        Assert.False(scorer.IsPlausible(problem, 1, 1));
        Assert.Equal(3, set.PairsConsidered);
    }

    [Fact]
    public void a_cancelled_participant_never_appears_not_even_by_request()
    {
        var problem = Problem(
            [Exhibitor("e1", ["847130"], cancelled: true), Exhibitor("e2", ["847130"], requests: ["b2"])],
            [Buyer("b1", ["847130"], requests: ["e1"]), Buyer("b2", ["847130"], cancelled: true)]);

        var set = Uncapped().Score(problem, TestContext.Current.CancellationToken);

        var pair = Assert.Single(set.Pairs);
        Assert.Equal(("e2", "b1"), (problem.Exhibitors[pair.Exhibitor].Id, problem.Buyers[pair.Buyer].Id));
    }
}
