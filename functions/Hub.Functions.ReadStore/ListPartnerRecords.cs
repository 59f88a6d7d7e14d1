using Hub.PartnerFeeds.ReadSide;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary>
/// <c>GET /api/partners/{partnerId}/records?type=&amp;reference=&amp;pageSize=&amp;continuationToken=</c>: a partner's records, by type and reference, page by page.
/// Anonymous at the Functions level: the API key is checked by the endpoint.
/// </summary>
public sealed class ListPartnerRecords(PartnerQueryEndpoints endpoints)
{
    [Function(nameof(ListPartnerRecords))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "partners/{partnerId}/records")] HttpRequest request,
        string partnerId,
        CancellationToken cancellationToken) =>
        endpoints.ListRecordsAsync(request, partnerId, cancellationToken);
}
