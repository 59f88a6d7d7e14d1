using Hub.Matchmaking.Model;
using static Hub.Matchmaking.Tests.Scoring.ScoringFixtures;

namespace Hub.Matchmaking.Tests.Scoring;

public sealed class when_hs_codes_overlap
{
    [Fact]
    public void a_shared_chapter_heading_or_subheading_earns_its_own_weight_and_names_the_code()
    {
        var problem = Problem(
            [Exhibitor("pumps", ["8413"]), Exhibitor("laptops", ["847141"]), Exhibitor("notebooks", ["84713000"]), Exhibitor("motors", ["8501"])],
            [Buyer("b1", ["847130"])]);
        var scorer = Uncapped();

        var set = scorer.Score(problem, TestContext.Current.CancellationToken);

        Assert.Equal(10, Find(problem, set, "pumps", "b1")!.Value.Score);
        Assert.Equal(20, Find(problem, set, "laptops", "b1")!.Value.Score);
        Assert.Equal(30, Find(problem, set, "notebooks", "b1")!.Value.Score);
        Assert.Null(Find(problem, set, "motors", "b1"));
        Assert.Equal([new("hs", "HS 84 match", 10)], Explain(scorer, problem, "pumps", "b1"));
        Assert.Equal([new("hs", "HS 8471 match", 20)], Explain(scorer, problem, "laptops", "b1"));
        Assert.Equal([new("hs", "HS 847130 match", 30)], Explain(scorer, problem, "notebooks", "b1"));
        Assert.Empty(Explain(scorer, problem, "motors", "b1"));
    }

    [Fact]
    public void the_deepest_matching_code_pair_wins_whatever_the_order_of_the_codes()
    {
        var problem = Problem(
            [Exhibitor("mixed", ["847130", "950300"]), Exhibitor("pumps-and-laptops", ["8413", "847190"])],
            [Buyer("b1", ["84", "8471", "950300"])]);
        var scorer = Uncapped();

        var set = scorer.Score(problem, TestContext.Current.CancellationToken);

        Assert.Equal(30, Find(problem, set, "mixed", "b1")!.Value.Score);
        Assert.Equal([new("hs", "HS 950300 match", 30)], Explain(scorer, problem, "mixed", "b1"));
        Assert.Equal([new("hs", "HS 8471 match", 20)], Explain(scorer, problem, "pumps-and-laptops", "b1"));
    }

    [Fact]
    public void a_buyers_own_categories_count_like_its_interests()
    {
        var problem = Problem([Exhibitor("furniture", ["940330"])], [Buyer("b1", interests: [], categories: ["9403"])]);

        var set = Uncapped().Score(problem, TestContext.Current.CancellationToken);

        Assert.Equal(20, Find(problem, set, "furniture", "b1")!.Value.Score);
    }

    [Fact]
    public void the_points_are_the_expos_weights_rounded_to_two_decimals()
    {
        var weights = new ScoreWeights(HsChapter: 3.333, HsHeading: 7.125, HsSubheading: 11);
        var problem = Problem([Exhibitor("pumps", ["8413"]), Exhibitor("laptops", ["847141"])], [Buyer("b1", ["847130"])], weights);

        var set = Uncapped().Score(problem, TestContext.Current.CancellationToken);

        Assert.Equal(3.33, Find(problem, set, "pumps", "b1")!.Value.Score);
        Assert.Equal(7.13, Find(problem, set, "laptops", "b1")!.Value.Score);
    }
}
