using Hub.Orders.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.OrderSync;

/// <summary><c>POST /api/webhooks/orders/{platformId}</c>. Anonymous at the Functions level: the platform's signature is the credential.</summary>
public sealed class ReceiveOrderWebhook(OrderWebhookEndpoint endpoint)
{
    [Function(nameof(ReceiveOrderWebhook))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/orders/{platformId}")] HttpRequest request,
        string platformId,
        CancellationToken cancellationToken) =>
        endpoint.HandleAsync(request, platformId, cancellationToken);
}
