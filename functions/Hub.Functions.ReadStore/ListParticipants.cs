using Hub.Matchmaking.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary>
/// <c>GET /api/expos/{expoId}/participants?kind=&amp;pageSize=&amp;continuationToken=</c>: an expo's participants, page by page.
/// Anonymous at the Functions level: the API key is checked by the endpoint.
/// </summary>
public sealed class ListParticipants(ExpoQueryEndpoints endpoints)
{
    [Function(nameof(ListParticipants))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "expos/{expoId}/participants")] HttpRequest request,
        string expoId,
        CancellationToken cancellationToken) =>
        endpoints.ListParticipantsAsync(request, expoId, cancellationToken);
}
