using Hub.Matchmaking.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary><c>GET /api/expos/{expoId}</c>: an expo as declared. Anonymous at the Functions level: the API key is checked by the endpoint.</summary>
public sealed class GetExpo(ExpoQueryEndpoints endpoints)
{
    [Function(nameof(GetExpo))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "expos/{expoId}")] HttpRequest request,
        string expoId,
        CancellationToken cancellationToken) =>
        endpoints.GetExpoAsync(request, expoId, cancellationToken);
}
