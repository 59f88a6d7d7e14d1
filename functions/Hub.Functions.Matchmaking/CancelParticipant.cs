using Hub.Matchmaking.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Matchmaking;

/// <summary><c>DELETE /api/expos/{expoId}/participants/{participantId}</c>: cancels a participant (kept for the record; runs skip it). Anonymous at the Functions level: the API key is checked by the endpoint.</summary>
public sealed class CancelParticipant(ParticipantRegistrationEndpoints endpoint)
{
    [Function(nameof(CancelParticipant))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "expos/{expoId}/participants/{participantId}")] HttpRequest request,
        string expoId,
        string participantId,
        CancellationToken cancellationToken) =>
        endpoint.CancelAsync(request, expoId, participantId, cancellationToken);
}
