using Hub.StockReports.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.StockReports;

/// <summary>
/// <c>PUT /api/warehouses/{operatorId}/stock-reports/{fileName}</c>. Anonymous at the Functions level: the operator's API key
/// is checked by the endpoint. The endpoint streams the body into the <c>stock-reports</c> container and records the report
/// as received; it processes nothing. It requests the run, which <see cref="RunStockReport"/> does.
/// </summary>
public sealed class UploadStockReport(StockReportUploadEndpoint endpoint)
{
    [Function(nameof(UploadStockReport))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "warehouses/{operatorId}/stock-reports/{fileName}")] HttpRequest request,
        string operatorId,
        string fileName,
        CancellationToken cancellationToken) =>
        endpoint.HandleAsync(request, operatorId, fileName, cancellationToken);
}
