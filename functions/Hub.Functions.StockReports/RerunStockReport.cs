using Hub.StockReports.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.StockReports;

/// <summary>
/// <c>POST /api/warehouses/{operatorId}/stock-reports/{reportId}/rerun</c>. Anonymous at the Functions level: the operator's API
/// key is checked by the endpoint. It takes the report's file in again as a new blob and requests its run, which <see cref="RunStockReport"/> does.
/// </summary>
public sealed class RerunStockReport(StockReportRerunEndpoint endpoint)
{
    [Function(nameof(RerunStockReport))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "warehouses/{operatorId}/stock-reports/{reportId}/rerun")] HttpRequest request,
        string operatorId,
        string reportId,
        CancellationToken cancellationToken) =>
        endpoint.HandleAsync(request, operatorId, reportId, cancellationToken);
}
