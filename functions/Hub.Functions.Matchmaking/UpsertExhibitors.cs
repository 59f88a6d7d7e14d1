using Hub.Matchmaking.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Matchmaking;

/// <summary><c>PUT /api/expos/{expoId}/exhibitors</c>: registers exhibitors in bulk (JSON array or CSV), all or nothing. Anonymous at the Functions level: the API key is checked by the endpoint.</summary>
public sealed class UpsertExhibitors(ParticipantRegistrationEndpoints endpoint)
{
    [Function(nameof(UpsertExhibitors))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "expos/{expoId}/exhibitors")] HttpRequest request,
        string expoId,
        CancellationToken cancellationToken) =>
        endpoint.PutExhibitorsAsync(request, expoId, cancellationToken);
}
