using Hub.Matchmaking.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Matchmaking;

/// <summary><c>POST /api/expos/{expoId}/matchmaking-runs/{runId}/publish</c>: a completed run becomes what agendas show.</summary>
public sealed class PublishMatchmakingRun(MatchmakingRunEndpoints endpoints)
{
    [Function(nameof(PublishMatchmakingRun))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "expos/{expoId}/matchmaking-runs/{runId}/publish")] HttpRequest request,
        string expoId,
        string runId,
        CancellationToken cancellationToken) =>
        endpoints.PublishAsync(request, expoId, runId, cancellationToken);
}
