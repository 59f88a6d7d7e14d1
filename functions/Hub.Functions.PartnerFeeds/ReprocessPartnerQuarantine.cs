using Hub.PartnerFeeds.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.PartnerFeeds;

/// <summary>
/// <c>POST /api/partners/{partnerId}/quarantine/reprocess</c>. Anonymous at the Functions level: the admin key is checked by
/// the endpoint. Maps the partner's quarantined records again with the registry as deployed.
/// </summary>
public sealed class ReprocessPartnerQuarantine(PartnerSyncEndpoints endpoints)
{
    [Function(nameof(ReprocessPartnerQuarantine))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "partners/{partnerId}/quarantine/reprocess")] HttpRequest request,
        string partnerId,
        CancellationToken cancellationToken) =>
        endpoints.ReprocessQuarantineAsync(request, partnerId, cancellationToken);
}
