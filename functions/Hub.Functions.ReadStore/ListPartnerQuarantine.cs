using Hub.PartnerFeeds.ReadSide;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary>
/// <c>GET /api/partners/{partnerId}/quarantine?feed=&amp;pageSize=&amp;continuationToken=</c>: a partner's quarantined records with their reasons, page by page.
/// Anonymous at the Functions level: the API key is checked by the endpoint.
/// </summary>
public sealed class ListPartnerQuarantine(PartnerQueryEndpoints endpoints)
{
    [Function(nameof(ListPartnerQuarantine))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "partners/{partnerId}/quarantine")] HttpRequest request,
        string partnerId,
        CancellationToken cancellationToken) =>
        endpoints.ListQuarantineAsync(request, partnerId, cancellationToken);
}
