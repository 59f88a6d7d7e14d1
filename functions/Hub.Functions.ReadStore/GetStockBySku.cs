using Hub.ReadStore.Stock;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary><c>GET /api/stock/{sku}</c>. Anonymous at the Functions level: the hub's API keys are checked by the endpoint.</summary>
public sealed class GetStockBySku(StockQueryEndpoints endpoints)
{
    [Function(nameof(GetStockBySku))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "stock/{sku}")] HttpRequest request,
        string sku,
        CancellationToken cancellationToken) =>
        endpoints.GetSkuAsync(request, sku, cancellationToken);
}
