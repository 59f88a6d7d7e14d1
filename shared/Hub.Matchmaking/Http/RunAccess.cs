using Hub.Core.Auth;
using Hub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace Hub.Matchmaking.Http;

/// <summary>What the run routes answer besides the scope check (<see cref="MatchmakingAccess"/>).</summary>
internal static class RunAccess
{
    public static IResult? Refuse(KeyScope scope, string expoId, bool write) => MatchmakingAccess.Refuse(scope, expoId, write);

    public static IResult UnknownExpo(string expoId) => MatchmakingAccess.UnknownExpo(expoId);

    public static IResult UnknownRun(string expoId, string runId) => Problems.NotFound($"No matchmaking run '{runId}' of expo '{expoId}' is known.");

    public static string StatusUrl(string expoId, string runId) =>
        $"/api/expos/{Uri.EscapeDataString(expoId)}/matchmaking-runs/{Uri.EscapeDataString(runId)}";
}
