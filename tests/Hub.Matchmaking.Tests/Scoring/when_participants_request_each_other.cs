using Hub.Matchmaking.Scoring;
using Microsoft.Extensions.Options;
using static Hub.Matchmaking.Tests.Scoring.ScoringFixtures;

namespace Hub.Matchmaking.Tests.Scoring;

public sealed class when_participants_request_each_other
{
    [Fact]
    public void a_buyers_requests_are_candidates_even_with_nothing_in_common_and_earn_less_down_the_ranking()
    {
        var problem = Problem(
            [Exhibitor("e1"), Exhibitor("e2"), Exhibitor("e3"), Exhibitor("e4"), Exhibitor("e5")],
            [Buyer("b1", requests: ["e3", "e1", "e4", "e2"])]);
        var scorer = Uncapped();

        var set = scorer.Score(problem, TestContext.Current.CancellationToken);

        Assert.Equal(4, set.Pairs.Count);
        Assert.Equal((40.0, 1), (Find(problem, set, "e3", "b1")!.Value.Score, Find(problem, set, "e3", "b1")!.Value.RequestRank));
        Assert.Equal((30.0, 2), (Find(problem, set, "e1", "b1")!.Value.Score, Find(problem, set, "e1", "b1")!.Value.RequestRank));
        Assert.Equal((20.0, 3), (Find(problem, set, "e4", "b1")!.Value.Score, Find(problem, set, "e4", "b1")!.Value.RequestRank));
        Assert.Equal((10.0, 4), (Find(problem, set, "e2", "b1")!.Value.Score, Find(problem, set, "e2", "b1")!.Value.RequestRank));
        Assert.Null(Find(problem, set, "e5", "b1"));
        Assert.Equal([new("request", "requested by buyer #2", 30)], Explain(scorer, problem, "e1", "b1"));
        Assert.All(set.Pairs, p => Assert.False(p.Mutual));
    }

    [Fact]
    public void a_request_both_sides_make_is_mutual_and_earns_the_mutual_points_on_top()
    {
        var problem = Problem([Exhibitor("e1", requests: ["b1"]), Exhibitor("e2")], [Buyer("b1", requests: ["e1", "e2"])]);
        var scorer = Uncapped();

        var set = scorer.Score(problem, TestContext.Current.CancellationToken);

        var pair = Find(problem, set, "e1", "b1")!.Value;
        Assert.True(pair.Mutual);
        Assert.Equal(60, pair.Score);
        Assert.Equal([new("request", "requested by buyer #1", 40), new("mutual", "requested by both", 20)], Explain(scorer, problem, "e1", "b1"));
        Assert.False(Find(problem, set, "e2", "b1")!.Value.Mutual);
    }

    [Fact]
    public void an_exhibitors_request_alone_makes_a_candidate_worth_half_a_buyers_request_of_the_same_rank()
    {
        var problem = Problem([Exhibitor("e1", requests: ["b2", "b1"])], [Buyer("b1"), Buyer("b2")]);
        var scorer = Uncapped();

        var set = scorer.Score(problem, TestContext.Current.CancellationToken);

        var pair = Find(problem, set, "e1", "b1")!.Value;
        Assert.Equal((10.0, 0, false), (pair.Score, pair.RequestRank, pair.Mutual));
        Assert.Equal([new("request", "requested by exhibitor #2", 10)], Explain(scorer, problem, "e1", "b1"));
        Assert.Equal(20, Find(problem, set, "e1", "b2")!.Value.Score);
    }

    [Fact]
    public void requested_pairs_outlive_the_cap_while_the_rest_of_the_buyer_keeps_only_its_best()
    {
        // Ten exhibitors of the buyer's subheading (30 points each) and one of its heading (20), and three requests of
        // nothing in common, worth 40, 26.67 and 13.33: the cap of 2 keeps the first request and one of the 30-point pairs,
        // then the two requests below them on top.
        var exhibitors = Enumerable.Range(0, 10).Select(i => Exhibitor($"best{i}", ["847130"])).Append(Exhibitor("heading", ["847141"]))
            .Concat([Exhibitor("r1"), Exhibitor("r2"), Exhibitor("r3")]).ToList();
        var problem = Problem(exhibitors, [Buyer("b1", ["847130"], requests: ["r1", "r2", "r3"])]);

        var set = new CandidateScorer(Options.Create(new CandidateScorerOptions { CandidatesPerBuyer = 2 })).Score(problem, TestContext.Current.CancellationToken);

        Assert.Equal(14, set.PairsConsidered);
        Assert.Equal(4, set.Pairs.Count);
        Assert.Equal(["r1", "r2", "r3"], set.Pairs.Where(p => p.RequestRank > 0).Select(p => problem.Exhibitors[p.Exhibitor].Id).Order());
        Assert.Equal([30.0], set.Pairs.Where(p => p.RequestRank == 0).Select(p => p.Score));
        Assert.Equal(13.33, Find(problem, set, "r3", "b1")!.Value.Score);
    }
}
