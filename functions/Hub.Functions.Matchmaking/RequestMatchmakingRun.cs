using Hub.Matchmaking.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Matchmaking;

/// <summary>
/// <c>POST /api/expos/{expoId}/matchmaking-runs</c>. Anonymous at the Functions level: the organiser's API key is checked by
/// the endpoint. It stores the run queued and requests it through the bus, which <see cref="RunMatchmaking"/> runs.
/// </summary>
public sealed class RequestMatchmakingRun(MatchmakingRunEndpoints endpoints)
{
    [Function(nameof(RequestMatchmakingRun))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "expos/{expoId}/matchmaking-runs")] HttpRequest request,
        string expoId,
        CancellationToken cancellationToken) =>
        endpoints.RequestAsync(request, expoId, cancellationToken);
}
