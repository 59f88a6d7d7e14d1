using Hub.Matchmaking.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary>
/// <c>GET /api/expos/{expoId}/matchmaking-runs/{runId}/meetings</c>: a completed run's meetings, all or one participant's, paged.
/// Anonymous at the Functions level: the hub's API keys are checked by the endpoint.
/// </summary>
public sealed class ListMeetings(MeetingOutputEndpoints endpoints)
{
    [Function(nameof(ListMeetings))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "expos/{expoId}/matchmaking-runs/{runId}/meetings")] HttpRequest request,
        string expoId,
        string runId,
        CancellationToken cancellationToken) =>
        endpoints.ListAsync(request, expoId, runId, cancellationToken);
}
