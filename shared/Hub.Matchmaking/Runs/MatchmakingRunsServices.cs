using Hub.Contracts;
using Hub.Core.Events;
using Hub.Matchmaking.Engine;
using Hub.Matchmaking.Http;
using Hub.Matchmaking.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Matchmaking.Runs;

public static class MatchmakingRunsServices
{
    /// <summary>
    /// The run lifecycle: the request and publish routes' logic, the engine consumer's handler (a requested run is run by a
    /// <c>run.requested</c> event through the bus in every host), the sweep, and the engine. Standalone adds
    /// <see cref="AddMatchmakingRunWorker"/>; the read side's routes are <see cref="AddMatchmakingRunQueries"/>.
    /// </summary>
    public static IServiceCollection AddMatchmakingRuns(this IServiceCollection services)
    {
        services.AddMatchmakingEngine();
        services.AddMatchmakingRunQueries();
        services.AddOptions<MatchmakingRunOptions>().BindConfiguration(MatchmakingRunOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<MatchmakingRunRequests>();
        services.TryAddSingleton<MatchmakingRunHandler>();
        services.AddEventHandler<MatchmakingRunHandler>(Consumers.RunMatchmaking, (h, e, ct) => h.HandleAsync(e, ct));
        services.TryAddSingleton<MatchmakingRunSweep>();
        services.TryAddSingleton<MatchmakingRunEndpoints>();
        return services;
    }

    /// <summary>The run status and list routes' logic, over the read store (the ReadStore app in Azure; Standalone through <see cref="AddMatchmakingRuns"/>).</summary>
    public static IServiceCollection AddMatchmakingRunQueries(this IServiceCollection services)
    {
        services.TryAddSingleton<ExpoStore>();
        services.TryAddSingleton<MatchmakingRunStore>();
        services.TryAddSingleton<MatchmakingRunQueryEndpoints>();
        return services;
    }

    /// <summary>Standalone: the sweep runs on a timer (Azure: the SweepMatchmakingRuns function).</summary>
    public static IServiceCollection AddMatchmakingRunWorker(this IServiceCollection services)
    {
        services.AddHostedService<MatchmakingRunSweepService>();
        return services;
    }
}
