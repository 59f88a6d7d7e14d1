using Hub.Matchmaking.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Matchmaking;

/// <summary><c>PUT /api/expos/{expoId}/buyers</c>: registers buyers in bulk (JSON array or CSV), all or nothing. Anonymous at the Functions level: the API key is checked by the endpoint.</summary>
public sealed class UpsertBuyers(ParticipantRegistrationEndpoints endpoint)
{
    [Function(nameof(UpsertBuyers))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "expos/{expoId}/buyers")] HttpRequest request,
        string expoId,
        CancellationToken cancellationToken) =>
        endpoint.PutBuyersAsync(request, expoId, cancellationToken);
}
