using Hub.PartnerFeeds.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.PartnerFeeds;

/// <summary>
/// <c>POST /api/partners/{partnerId}/feeds/{feed}/sync</c>. Anonymous at the Functions level: the admin key is checked by the
/// endpoint. The pull runs through the bus (<see cref="PullPartnerFeed"/>).
/// </summary>
public sealed class RequestPartnerSync(PartnerSyncEndpoints endpoints)
{
    [Function(nameof(RequestPartnerSync))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "partners/{partnerId}/feeds/{feed}/sync")] HttpRequest request,
        string partnerId,
        string feed,
        CancellationToken cancellationToken) =>
        endpoints.RequestSyncAsync(request, partnerId, feed, cancellationToken);
}
