using Hub.Matchmaking.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary>
/// <c>GET /api/expos/{expoId}/participants/{participantId}/agenda.ics</c>: a participant's meetings of the published run.
/// Anonymous at the Functions level: the hub's API keys are checked by the endpoint.
/// </summary>
public sealed class GetAgenda(MeetingOutputEndpoints endpoints)
{
    [Function(nameof(GetAgenda))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "expos/{expoId}/participants/{participantId}/agenda.ics")] HttpRequest request,
        string expoId,
        string participantId,
        CancellationToken cancellationToken) =>
        endpoints.GetAgendaAsync(request, expoId, participantId, cancellationToken);
}
