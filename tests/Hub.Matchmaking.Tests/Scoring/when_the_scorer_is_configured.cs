using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hub.Matchmaking.Tests.Scoring;

public sealed class when_the_scorer_is_configured
{
    [Fact]
    public void the_container_gives_one_scorer_with_the_configured_options()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{CandidateScorerOptions.SectionName}:CandidatesPerBuyer"] = "3" })
            .Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddCandidateScorer().BuildServiceProvider();

        var scorer = Assert.IsType<CandidateScorer>(provider.GetRequiredService<ICandidateScorer>());

        Assert.Same(scorer, provider.GetRequiredService<ICandidateScorer>());
        Assert.Equal(3, scorer.CandidatesPerBuyer(ScoringFixtures.Problem([], [ScoringFixtures.Buyer("b1")]), 0));
    }

    [Fact]
    public void invalid_options_are_refused_with_the_setting_named()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{CandidateScorerOptions.SectionName}:StopTermShare"] = "1.5" })
            .Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddCandidateScorer().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CandidateScorerOptions>>().Value);
        Assert.Contains("StopTermShare", error.Message);
        var direct = Assert.Throws<ArgumentException>(() => new CandidateScorer(Options.Create(new CandidateScorerOptions { CandidatesPerBuyer = 0 })));
        Assert.Contains("CandidatesPerBuyer", direct.Message);
    }
}
