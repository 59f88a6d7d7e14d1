using Hub.PartnerFeeds.Inbound;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.PartnerFeeds;

/// <summary><c>POST /api/partners/{partnerId}/events</c>. Anonymous at the Functions level: the partner's signature is the credential.</summary>
public sealed class ReceivePartnerEvents(PartnerEventsEndpoint endpoint)
{
    [Function(nameof(ReceivePartnerEvents))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "partners/{partnerId}/events")] HttpRequest request,
        string partnerId,
        CancellationToken cancellationToken) =>
        endpoint.HandleAsync(request, partnerId, cancellationToken);
}
