using Hub.ReadStore.Orders;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary><c>GET /api/orders?platformId=&amp;status=&amp;...</c>. Anonymous at the Functions level: the hub's API keys are checked by the endpoint.</summary>
public sealed class ListOrders(OrderQueryEndpoints endpoints)
{
    [Function(nameof(ListOrders))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders")] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoints.ListAsync(request, cancellationToken);
}
