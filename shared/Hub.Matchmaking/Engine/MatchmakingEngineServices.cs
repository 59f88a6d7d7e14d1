using Hub.Matchmaking.Scheduling;
using Hub.Matchmaking.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Matchmaking.Engine;

public static class MatchmakingEngineServices
{
    /// <summary>The engine with its scorer and scheduler; what the run handler uses in every host.</summary>
    public static IServiceCollection AddMatchmakingEngine(this IServiceCollection services)
    {
        services.AddCandidateScorer();
        services.TryAddSingleton<IMeetingScheduler>(_ => new MeetingScheduler());
        services.TryAddSingleton<MatchmakingEngine>();
        return services;
    }
}
