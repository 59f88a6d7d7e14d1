using Hub.ReadStore.Stock;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary>
/// <c>GET /api/warehouses/{operatorId}/stock-reports/{reportId}/errors.csv</c>, streamed from the blob store. Anonymous at the
/// Functions level: the hub's API keys are checked by the endpoint.
/// </summary>
public sealed class GetStockReportErrors(StockQueryEndpoints endpoints)
{
    [Function(nameof(GetStockReportErrors))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "warehouses/{operatorId}/stock-reports/{reportId}/errors.csv")] HttpRequest request,
        string operatorId,
        string reportId,
        CancellationToken cancellationToken) =>
        endpoints.GetReportErrorsAsync(request, operatorId, reportId, cancellationToken);
}
