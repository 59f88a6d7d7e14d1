using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Scoring;
using Microsoft.Extensions.Options;
using Hub.Testing.Matchmaking;
using static Hub.Matchmaking.Tests.Scoring.ScoringFixtures;

namespace Hub.Matchmaking.Tests.Scoring;

public sealed class when_the_index_finds_candidates
{
    [Fact]
    public void it_loses_no_plausible_pair_and_brings_together_no_other_on_expos_of_many_shapes()
    {
        var scorer = Uncapped();
        SyntheticCases.Check(SyntheticCases.Shapes, seed: 20261208, count: 60, shape =>
        {
            var problem = SyntheticExpos.Generate(shape);

            var set = scorer.Score(problem, TestContext.Current.CancellationToken);

            var bruteForce = new HashSet<(int, int)>();
            for (var e = 0; e < problem.Exhibitors.Count; e++)
                for (var b = 0; b < problem.Buyers.Count; b++)
                {
                    if (scorer.IsPlausible(problem, e, b)) bruteForce.Add((e, b));
                    else Assert.False(SharesChapterOrRequest(problem, e, b) && !BlockedOrCancelled(problem, e, b), $"pair {e}/{b} judged implausible");
                }
            var found = set.Pairs.Select(p => (p.Exhibitor, p.Buyer)).ToList();
            Assert.Equal(found.Count, found.Distinct().Count());
            Assert.True(bruteForce.SetEquals(found), $"index found {found.Count}, brute force {bruteForce.Count}");
            Assert.Equal(bruteForce.Count, set.PairsConsidered);
        });
    }

    [Fact]
    public void blocked_pairs_and_cancelled_participants_never_appear_on_expos_of_many_shapes()
    {
        var scorer = new CandidateScorer();
        SyntheticCases.Check(SyntheticCases.Shapes, seed: 7, count: 60, shape =>
        {
            var problem = SyntheticExpos.Generate(shape);

            var set = scorer.Score(problem, TestContext.Current.CancellationToken);

            Assert.All(set.Pairs, p => Assert.False(BlockedOrCancelled(problem, p.Exhibitor, p.Buyer)));
        });
    }

    [Fact]
    public void the_cap_keeps_each_buyers_best_and_every_requested_pair()
    {
        var uncapped = Uncapped();
        SyntheticCases.Check(SyntheticCases.Shapes, seed: 99, count: 40, shape =>
        {
            var problem = SyntheticExpos.Generate(shape);
            var limit = 1 + shape.Seed % 6;
            var capped = new CandidateScorer(Options.Create(new CandidateScorerOptions { CandidatesPerBuyer = limit }));

            var all = uncapped.Score(problem, TestContext.Current.CancellationToken);
            var kept = capped.Score(problem, TestContext.Current.CancellationToken);

            Assert.Equal(all.PairsConsidered, kept.PairsConsidered);
            var keptByBuyer = kept.Pairs.ToLookup(p => p.Buyer);
            foreach (var buyer in all.Pairs.GroupBy(p => p.Buyer))
            {
                var mine = keptByBuyer[buyer.Key].ToList();
                var requested = buyer.Where(p => Requested(problem, p)).ToList();
                Assert.Subset(buyer.ToHashSet(), mine.ToHashSet());
                Assert.Subset(mine.ToHashSet(), requested.ToHashSet());
                Assert.InRange(mine.Count, Math.Min(limit, buyer.Count()), limit + requested.Count);
                Assert.True(mine.Count(p => !requested.Contains(p)) <= limit);
                foreach (var dropped in buyer.Except(mine))
                    Assert.True(mine.Count(p => p.Score >= dropped.Score) >= limit, $"buyer {buyer.Key} dropped a pair of {dropped.Score} that beats its kept ones");
            }
            Assert.DoesNotContain(kept.Pairs, p => !all.Pairs.Contains(p));
        });
    }

    [Fact]
    public void by_default_a_buyer_keeps_four_candidates_per_meeting_it_may_have_and_at_least_forty()
    {
        var problem = Problem([], [Buyer("b1"), Buyer("b2", maxMeetings: 20)]);
        var scorer = new CandidateScorer();

        Assert.Equal(40, scorer.CandidatesPerBuyer(problem, 0));
        Assert.Equal(80, scorer.CandidatesPerBuyer(problem, 1));
    }

    [Fact]
    public void on_a_realistic_expo_it_looks_at_a_small_share_of_all_pairs()
    {
        var problem = SyntheticExpos.Generate(300, 1_500, seed: 3);

        var set = Uncapped().Score(problem, TestContext.Current.CancellationToken);

        Assert.InRange(set.PairsConsidered, 1, 300L * 1_500 / 4);
    }

    private static bool Requested(MatchmakingProblem problem, CandidatePair pair) =>
        pair.RequestRank > 0 || problem.Exhibitors[pair.Exhibitor].RequestsOrEmpty.Contains(problem.Buyers[pair.Buyer].Id);

    private static bool BlockedOrCancelled(MatchmakingProblem problem, int e, int b) =>
        problem.Exhibitors[e].Cancelled || problem.Buyers[b].Cancelled
        || problem.Buyers[b].BlockedOrEmpty.Contains(problem.Exhibitors[e].Id)
        || problem.Exhibitors[e].BlockedOrEmpty.Contains(problem.Buyers[b].Id);

    /// <summary>The plausibility rules that need no keyword analysis, judged from the raw registration.</summary>
    private static bool SharesChapterOrRequest(MatchmakingProblem problem, int e, int b)
    {
        var exhibitor = problem.Exhibitors[e];
        var buyer = problem.Buyers[b];
        var chapters = exhibitor.Categories.Select(c => c[..2]).ToHashSet();
        return buyer.InterestsOrEmpty.Concat(buyer.Categories).Any(c => chapters.Contains(c[..2]))
            || buyer.RequestsOrEmpty.Contains(exhibitor.Id) || exhibitor.RequestsOrEmpty.Contains(buyer.Id);
    }
}
