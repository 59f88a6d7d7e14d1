using Hub.Core.Auth;
using Hub.Core.Http;
using Microsoft.AspNetCore.Http;

namespace Hub.Matchmaking.Http;

/// <summary>
/// Who may see and run an expo's matchmaking runs: admin everything, reader reads everything, <c>organiser:&lt;expoId&gt;</c>
/// only its own expo (another expo answers 404, as an unknown one would, so that existence does not leak), anyone else 403.
/// </summary>
/// <remarks>
/// Until merge: REG's MatchmakingAccess (shared/Hub.Matchmaking/Http/MatchmakingAccess.cs) is the shared helper for this
/// rule; the integrator replaces this class with it.
/// </remarks>
internal static class RunAccess
{
    public static IResult? Refuse(KeyScope scope, string expoId, bool write) => scope.Role switch
    {
        KeyRole.Admin => null,
        KeyRole.Organiser when scope.Id == expoId => null,
        KeyRole.Organiser => UnknownExpo(expoId),
        KeyRole.Reader when !write => null,
        _ => Problems.Forbidden($"This key ({scope}) may not {(write ? "run or publish" : "read")} the matchmaking runs of expo '{expoId}'."),
    };

    public static IResult UnknownExpo(string expoId) => Problems.NotFound($"No expo '{expoId}' is registered.");

    public static IResult UnknownRun(string expoId, string runId) => Problems.NotFound($"No matchmaking run '{runId}' of expo '{expoId}' is known.");

    public static string StatusUrl(string expoId, string runId) =>
        $"/api/expos/{Uri.EscapeDataString(expoId)}/matchmaking-runs/{Uri.EscapeDataString(runId)}";
}
