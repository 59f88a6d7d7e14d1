using static Hub.Matchmaking.Tests.Scoring.ScoringFixtures;

namespace Hub.Matchmaking.Tests.Scoring;

/// <summary>No HS codes here: keywords alone bring these pairs together.</summary>
public sealed class when_keywords_are_compared
{
    [Fact]
    public void a_chinese_buyer_finds_the_exhibitor_of_the_same_words_and_not_an_unrelated_one()
    {
        var problem = Problem(
            [Exhibitor("pumps", keywords: "离心水泵 制造商"), Exhibitor("toys", keywords: "毛绒玩具 积木")],
            [Buyer("b1", keywords: "采购离心水泵和阀门")]);
        var scorer = Uncapped();

        var set = scorer.Score(problem, TestContext.Current.CancellationToken);

        var pair = Find(problem, set, "pumps", "b1")!.Value;
        Assert.True(pair.Score > 0);
        var reason = Assert.Single(Explain(scorer, problem, "pumps", "b1"));
        Assert.Equal("keywords", reason.Component);
        Assert.Contains("水泵", reason.Text);
        Assert.Equal(pair.Score, reason.Points);
        Assert.Null(Find(problem, set, "toys", "b1"));
        Assert.Empty(Explain(scorer, problem, "toys", "b1"));
    }

    [Fact]
    public void an_english_buyer_finds_the_exhibitor_of_the_same_words_whatever_their_case_and_number()
    {
        var problem = Problem(
            [Exhibitor("pumps", keywords: "Centrifugal Pump manufacturer"), Exhibitor("toys", keywords: "plush toys, building blocks")],
            [Buyer("b1", keywords: "looking for centrifugal pumps and valves")]);
        var scorer = Uncapped();

        var set = scorer.Score(problem, TestContext.Current.CancellationToken);

        Assert.True(Find(problem, set, "pumps", "b1")!.Value.Score > 0);
        var reason = Assert.Single(Explain(scorer, problem, "pumps", "b1"));
        Assert.Contains("pump", reason.Text);
        Assert.Contains("centrifugal", reason.Text);
        Assert.Null(Find(problem, set, "toys", "b1"));
    }

    [Fact]
    public void mixed_chinese_and_english_text_matches_on_either_language()
    {
        var problem = Problem(
            [Exhibitor("valves", keywords: "不锈钢阀门 stainless steel ball valves")],
            [Buyer("b1", keywords: "采购阀门"), Buyer("b2", keywords: "ball valve")]);

        var set = Uncapped().Score(problem, TestContext.Current.CancellationToken);

        Assert.True(Find(problem, set, "valves", "b1")!.Value.Score > 0);
        Assert.True(Find(problem, set, "valves", "b2")!.Value.Score > 0);
    }

    [Fact]
    public void words_of_other_scripts_match_whatever_their_case()
    {
        var problem = Problem([Exhibitor("pumps", keywords: "Насосы центробежные")], [Buyer("b1", keywords: "насосы")]);

        var set = Uncapped().Score(problem, TestContext.Current.CancellationToken);

        Assert.True(Find(problem, set, "pumps", "b1")!.Value.Score > 0);
    }

    [Fact]
    public void identical_keywords_earn_the_whole_keyword_weight_and_partial_overlap_less()
    {
        var problem = Problem(
            [Exhibitor("same", keywords: "离心水泵 阀门"), Exhibitor("half", keywords: "离心水泵 冰箱")],
            [Buyer("b1", keywords: "离心水泵 阀门")]);

        var set = Uncapped().Score(problem, TestContext.Current.CancellationToken);

        Assert.Equal(25, Find(problem, set, "same", "b1")!.Value.Score);
        Assert.InRange(Find(problem, set, "half", "b1")!.Value.Score, 0.01, 24.99);
    }

    [Fact]
    public void a_word_most_participants_use_neither_brings_pairs_together_nor_scores()
    {
        // 30 exhibitors and the buyer all say "widget": it is in every document, so it tells no pair apart.
        var exhibitors = Enumerable.Range(0, 30).Select(i => Exhibitor($"e{i}", keywords: $"widget {Gizmo(i)}")).ToList();
        var problem = Problem(exhibitors, [Buyer("b1", keywords: $"widget {Gizmo(7)}")]);
        var scorer = Uncapped();

        var set = scorer.Score(problem, TestContext.Current.CancellationToken);

        var pair = Assert.Single(set.Pairs);
        Assert.Equal("e7", problem.Exhibitors[pair.Exhibitor].Id);
        Assert.Equal(1, set.PairsConsidered);
        Assert.DoesNotContain("widget", Assert.Single(Explain(scorer, problem, "e7", "b1")).Text);
    }

    private static string Gizmo(int i) => $"gizmo{(char)('a' + i / 26)}{(char)('a' + i % 26)}";
}
