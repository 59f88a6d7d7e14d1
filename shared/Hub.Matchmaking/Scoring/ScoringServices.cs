using Hub.Matchmaking.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Matchmaking.Scoring;

public static class ScoringServices
{
    /// <summary>
    /// The candidate scorer as the engine's <see cref="ICandidateScorer"/> (one instance: it is thread-safe), with its options
    /// bound from <see cref="CandidateScorerOptions.SectionName"/> and validated at start.
    /// </summary>
    public static IServiceCollection AddCandidateScorer(this IServiceCollection services)
    {
        services.AddOptions<CandidateScorerOptions>().BindConfiguration(CandidateScorerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ICandidateScorer, CandidateScorer>();
        return services;
    }
}
