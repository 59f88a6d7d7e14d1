using Hub.ReadStore.Stock;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary><c>GET /api/warehouses/{operatorId}/stock-reports/{reportId}</c>. Anonymous at the Functions level: the hub's API keys are checked by the endpoint.</summary>
public sealed class GetStockReport(StockQueryEndpoints endpoints)
{
    [Function(nameof(GetStockReport))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "warehouses/{operatorId}/stock-reports/{reportId}")] HttpRequest request,
        string operatorId,
        string reportId,
        CancellationToken cancellationToken) =>
        endpoints.GetReportAsync(request, operatorId, reportId, cancellationToken);
}
