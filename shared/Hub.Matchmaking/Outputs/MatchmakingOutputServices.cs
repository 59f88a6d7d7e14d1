using Hub.Matchmaking.Http;
using Hub.Matchmaking.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Matchmaking.Outputs;

public static class MatchmakingOutputServices
{
    /// <summary>The outputs of matchmaking runs: the meetings listing, meetings.csv and agenda.ics (the read side's routes).</summary>
    public static IServiceCollection AddMatchmakingOutputs(this IServiceCollection services)
    {
        services.TryAddSingleton<ExpoStore>();
        services.TryAddSingleton<MeetingsReader>();
        services.TryAddSingleton<MeetingOutputEndpoints>();
        return services;
    }
}
