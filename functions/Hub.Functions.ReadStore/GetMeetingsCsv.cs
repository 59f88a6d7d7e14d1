using Hub.Matchmaking.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary>
/// <c>GET /api/expos/{expoId}/matchmaking-runs/{runId}/meetings.csv</c>: every meeting of a completed run, streamed.
/// Anonymous at the Functions level: the hub's API keys are checked by the endpoint.
/// </summary>
public sealed class GetMeetingsCsv(MeetingOutputEndpoints endpoints)
{
    [Function(nameof(GetMeetingsCsv))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "expos/{expoId}/matchmaking-runs/{runId}/meetings.csv")] HttpRequest request,
        string expoId,
        string runId,
        CancellationToken cancellationToken) =>
        endpoints.GetCsvAsync(request, expoId, runId, cancellationToken);
}
