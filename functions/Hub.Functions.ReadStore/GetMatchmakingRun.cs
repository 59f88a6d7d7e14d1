using Hub.Matchmaking.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary><c>GET /api/expos/{expoId}/matchmaking-runs/{runId}</c>: a run's status, progress and metrics. Anonymous at the Functions level: the hub's API keys are checked by the endpoint.</summary>
public sealed class GetMatchmakingRun(MatchmakingRunQueryEndpoints endpoints)
{
    [Function(nameof(GetMatchmakingRun))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "expos/{expoId}/matchmaking-runs/{runId}")] HttpRequest request,
        string expoId,
        string runId,
        CancellationToken cancellationToken) =>
        endpoints.GetAsync(request, expoId, runId, cancellationToken);
}
