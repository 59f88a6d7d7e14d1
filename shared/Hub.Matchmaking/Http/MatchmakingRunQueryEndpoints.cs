using System.Text;
using Hub.Contracts;
using Hub.Core.Auth;
using Hub.Matchmaking.Runs;
using Hub.Matchmaking.Storage;
using Microsoft.AspNetCore.Http;

namespace Hub.Matchmaking.Http;

/// <summary>
/// <c>GET /api/expos/{expoId}/matchmaking-runs</c> and <c>GET /api/expos/{expoId}/matchmaking-runs/{runId}</c>, shared by the
/// ReadStore Functions app and Standalone: the runs' statuses as stored, with their progress while running.
/// </summary>
public sealed class MatchmakingRunQueryEndpoints(ExpoStore expos, MatchmakingRunStore runs, ApiKeyAuthenticator authenticator, TimeProvider clock)
{
    public async Task<IResult> GetAsync(HttpRequest request, string expoId, string runId, CancellationToken cancellationToken)
    {
        if (authenticator.Challenge(request, out var scope) is { } unauthorized) return unauthorized;
        if (RunAccess.Refuse(scope, expoId, write: false) is { } refused) return refused;
        var stored = await runs.GetAsync(expoId, runId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
            return await expos.GetExpoAsync(expoId, cancellationToken).ConfigureAwait(false) is null ? RunAccess.UnknownExpo(expoId) : RunAccess.UnknownRun(expoId, runId);
        return Json(HubJson.Serialize(MatchmakingRunView.Of(stored.Run, clock.GetUtcNow()), MatchmakingJsonContext.Default.MatchmakingRunView));
    }

    public async Task<IResult> ListAsync(HttpRequest request, string expoId, CancellationToken cancellationToken)
    {
        if (authenticator.Challenge(request, out var scope) is { } unauthorized) return unauthorized;
        if (RunAccess.Refuse(scope, expoId, write: false) is { } refused) return refused;
        if (await expos.GetExpoAsync(expoId, cancellationToken).ConfigureAwait(false) is null) return RunAccess.UnknownExpo(expoId);
        var now = clock.GetUtcNow();
        var list = await runs.ListAsync(expoId, cancellationToken).ConfigureAwait(false);
        return Json(HubJson.Serialize(new MatchmakingRunList(list.Select(r => MatchmakingRunView.Of(r, now)).ToList()), MatchmakingJsonContext.Default.MatchmakingRunList));
    }

    internal static IResult Json(string json, int status = StatusCodes.Status200OK) =>
        Results.Text(json, "application/json; charset=utf-8", Encoding.UTF8, status);
}
