using Hub.ReadStore.Orders;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary><c>GET /api/orders/{platformId}/{orderId}</c>. Anonymous at the Functions level: the hub's API keys are checked by the endpoint.</summary>
public sealed class GetOrder(OrderQueryEndpoints endpoints)
{
    [Function(nameof(GetOrder))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{platformId}/{orderId}")] HttpRequest request,
        string platformId,
        string orderId,
        CancellationToken cancellationToken) =>
        endpoints.GetAsync(request, platformId, orderId, cancellationToken);
}
