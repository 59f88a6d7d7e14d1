using Hub.ReadStore.Stock;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary><c>GET /api/warehouses/{warehouseCode}/stock?pageSize=&amp;continuationToken=</c>. Anonymous at the Functions level: the hub's API keys are checked by the endpoint.</summary>
public sealed class ListWarehouseStock(StockQueryEndpoints endpoints)
{
    [Function(nameof(ListWarehouseStock))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "warehouses/{warehouseCode}/stock")] HttpRequest request,
        string warehouseCode,
        CancellationToken cancellationToken) =>
        endpoints.ListWarehouseAsync(request, warehouseCode, cancellationToken);
}
