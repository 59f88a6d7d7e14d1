using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Model;
using Hub.Matchmaking.Scoring;
using Hub.Testing.Matchmaking;
using static Hub.Matchmaking.Tests.Scoring.ScoringFixtures;

namespace Hub.Matchmaking.Tests.Scoring;

public sealed class when_scores_are_explained
{
    [Fact]
    public void market_language_and_certifications_each_say_what_they_found()
    {
        var problem = Problem(
            [Exhibitor("e1", ["847130"], markets: ["my", "TH"], languages: ["zh", "EN"], certifications: ["ce", "ISO  9001"])],
            [Buyer("b1", ["8413"], country: "MY", languages: ["en", "ms"], required: ["CE", "FDA", "ISO 9001"])]);
        var scorer = Uncapped();

        var pair = Assert.Single(scorer.Score(problem, TestContext.Current.CancellationToken).Pairs);

        Assert.Equal(
            [
                new ScoreReason("hs", "HS 84 match", 10),
                new ScoreReason("market", "sells to MY", 10),
                new ScoreReason("language", "both speak en", 10),
                new ScoreReason("certifications", "holds CE, ISO 9001; lacks FDA", 6.67),
            ],
            scorer.Explain(problem, 0, 0));
        Assert.Equal(36.67, pair.Score);
    }

    [Fact]
    public void market_and_language_alone_do_not_make_a_pair_plausible()
    {
        var problem = Problem(
            [Exhibitor("e1", ["8413"], markets: ["MY"], languages: ["en"])],
            [Buyer("b1", ["9503"], country: "MY", languages: ["en"])]);
        var scorer = Uncapped();

        Assert.Empty(scorer.Score(problem, TestContext.Current.CancellationToken).Pairs);
        Assert.Equal(["market", "language"], scorer.Explain(problem, 0, 0).Select(r => r.Component));
    }

    [Fact]
    public void only_components_that_earned_points_are_listed_and_a_zero_weight_earns_none()
    {
        var weights = new ScoreWeights(HsChapter: 0, Language: 0);
        var problem = Problem([Exhibitor("e1", ["8413"], languages: ["en"])], [Buyer("b1", ["8471"], languages: ["en"], requests: ["e1"])], weights);

        var reasons = Uncapped().Explain(problem, 0, 0);

        Assert.Equal([new ScoreReason("request", "requested by buyer #1", 40)], reasons);
    }

    [Fact]
    public void a_score_is_its_reasons_sum_as_a_two_decimal_number_not_a_floating_point_residue()
    {
        // 20 + 19.63 + 10 + 10 added as doubles is 59.629999999999995.
        var weights = new ScoreWeights(HsHeading: 20, Market: 19.63, Language: 10, Certifications: 10);
        var problem = Problem(
            [Exhibitor("e1", ["8471"], markets: ["MY"], languages: ["en"], certifications: ["CE"])],
            [Buyer("b1", ["847130"], country: "MY", languages: ["en"], required: ["CE"])], weights);
        var scorer = Uncapped();

        var pair = Assert.Single(scorer.Score(problem, TestContext.Current.CancellationToken).Pairs);

        Assert.Equal(59.63, pair.Score);
        Assert.Equal([20, 19.63, 10, 10], scorer.Explain(problem, 0, 0).Select(r => r.Points));
    }

    private static readonly string[] ComponentOrder = ["hs", "keywords", "market", "language", "certifications", "request", "mutual"];

    [Fact]
    public void every_candidates_reasons_add_up_exactly_to_its_score_on_expos_of_many_shapes()
    {
        var scorer = new CandidateScorer();
        SyntheticCases.Check(SyntheticCases.Shapes, seed: 42, count: 60, shape =>
        {
            var problem = SyntheticExpos.Generate(shape);

            var set = scorer.Score(problem, TestContext.Current.CancellationToken);

            foreach (var pair in set.Pairs)
            {
                var reasons = scorer.Explain(problem, pair.Exhibitor, pair.Buyer);
                Assert.Equal((decimal)pair.Score, DecimalSum(reasons));
                Assert.Equal(Math.Round(pair.Score, 2), pair.Score);
                Assert.All(reasons, r => Assert.True(r.Points > 0 && Math.Round(r.Points, 2) == r.Points, $"{r.Component} {r.Points}"));
                var order = reasons.Select(r => Array.IndexOf(ComponentOrder, r.Component)).ToList();
                Assert.DoesNotContain(-1, order);
                Assert.Equal(order.Order(), order);
                Assert.Equal(order.Distinct().Count(), order.Count);
                Assert.Equal(pair.Mutual, reasons.Any(r => r.Component == "mutual"));
                Assert.Equal(pair.RequestRank > 0, reasons.Any(r => r.Text.StartsWith("requested by buyer #", StringComparison.Ordinal)));
            }
        });
    }
}
