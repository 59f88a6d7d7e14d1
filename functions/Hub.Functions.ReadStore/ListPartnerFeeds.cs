using Hub.PartnerFeeds.ReadSide;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary>
/// <c>GET /api/partners/{partnerId}/feeds</c>: every feed of a partner with its sync status (cursor, records synced, lag, last error).
/// Anonymous at the Functions level: the API key is checked by the endpoint.
/// </summary>
public sealed class ListPartnerFeeds(PartnerQueryEndpoints endpoints)
{
    [Function(nameof(ListPartnerFeeds))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "partners/{partnerId}/feeds")] HttpRequest request,
        string partnerId,
        CancellationToken cancellationToken) =>
        endpoints.ListFeedsAsync(request, partnerId, cancellationToken);
}
