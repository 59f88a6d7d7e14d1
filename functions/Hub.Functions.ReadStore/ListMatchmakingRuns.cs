using Hub.Matchmaking.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary><c>GET /api/expos/{expoId}/matchmaking-runs</c>: the expo's runs, newest first. Anonymous at the Functions level: the hub's API keys are checked by the endpoint.</summary>
public sealed class ListMatchmakingRuns(MatchmakingRunQueryEndpoints endpoints)
{
    [Function(nameof(ListMatchmakingRuns))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "expos/{expoId}/matchmaking-runs")] HttpRequest request,
        string expoId,
        CancellationToken cancellationToken) =>
        endpoints.ListAsync(request, expoId, cancellationToken);
}
