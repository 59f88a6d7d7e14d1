using Hub.Matchmaking.Http;
using Hub.Matchmaking.Outputs;
using Hub.Matchmaking.Registration;
using Hub.Matchmaking.Runs;
using Hub.Matchmaking.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Matchmaking;

public static class MatchmakingServices
{
    /// <summary>
    /// Everything matchmaking needs in a host that registers, runs and answers: the Matchmaking Functions app and Standalone.
    /// Each part of matchmaking adds its own block below.
    /// </summary>
    public static IServiceCollection AddMatchmaking(this IServiceCollection services)
    {
        services.AddMatchmakingReadSide();

        // Registration: expos and participants (PUT expo, bulk upsert of exhibitors and buyers, cancel).
        services.TryAddSingleton<ParticipantRegistration>();
        services.TryAddSingleton<ExpoRegistrationEndpoint>();
        services.TryAddSingleton<ParticipantRegistrationEndpoints>();

        return services;
    }

    /// <summary>
    /// What the read-store Functions app serves of matchmaking: the read routes' logic and the stores they read, but no
    /// registration and no run consumer (a consumer belongs to the one app that binds its subscription).
    /// </summary>
    public static IServiceCollection AddMatchmakingReadSide(this IServiceCollection services)
    {
        // Shared by every matchmaking route.
        services.TryAddSingleton<ExpoStore>();
        services.TryAddSingleton<MatchmakingAccess>();

        // Registration's read routes: GET expo, list participants.
        services.TryAddSingleton<ExpoQueryEndpoints>();

        // Runs' status and list; a run's meetings, meetings.csv and agendas.
        services.AddMatchmakingRunQueries();
        services.AddMatchmakingOutputs();

        return services;
    }
}
