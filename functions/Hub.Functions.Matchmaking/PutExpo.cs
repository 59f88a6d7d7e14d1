using Hub.Matchmaking.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.Matchmaking;

/// <summary><c>PUT /api/expos/{expoId}</c>: declares or updates an expo. Anonymous at the Functions level: the API key is checked by the endpoint.</summary>
public sealed class PutExpo(ExpoRegistrationEndpoint endpoint)
{
    [Function(nameof(PutExpo))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "expos/{expoId}")] HttpRequest request,
        string expoId,
        CancellationToken cancellationToken) =>
        endpoint.PutAsync(request, expoId, cancellationToken);
}
