using System.Text;
using System.Text.Json;
using Hub.Core.Auth;
using Hub.Core.Http;
using Hub.Core.Registry;
using Hub.StockReports.Intake;
using Microsoft.AspNetCore.Http;

namespace Hub.StockReports.Http;

/// <summary>
/// <c>POST /api/warehouses/{operatorId}/stock-reports/{reportId}/rerun</c>, shared by the Functions app and Standalone: runs a
/// failed or rejected report again from its file, say once the operator's profile (its encoding, its delimiter) is fixed.
/// </summary>
public sealed class StockReportRerunEndpoint(StockReportIntake intake, HubRegistry registry, ApiKeyAuthenticator authenticator)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string operatorId, string reportId, CancellationToken cancellationToken)
    {
        if (authenticator.Challenge(request, out var scope) is { } unauthorized) return unauthorized;
        if (!(scope.Role == KeyRole.Admin || (scope.Role == KeyRole.Operator && scope.Id == operatorId)))
            return Problems.Forbidden($"This key ({scope}) may not run stock reports of operator '{operatorId}'.");
        if (registry.FindOperator(operatorId) is null) return Problems.NotFound($"No operator '{operatorId}' is registered.");

        var outcome = await intake.RerunAsync(operatorId, reportId, cancellationToken).ConfigureAwait(false);
        var statusUrl = $"/api/warehouses/{Uri.EscapeDataString(operatorId)}/stock-reports/{Uri.EscapeDataString(reportId)}";
        switch (outcome)
        {
            case { Result: RerunResult.NotFound }:
                return Problems.NotFound($"No stock report '{reportId}' of operator '{operatorId}' was received.");
            case { Result: RerunResult.NotRerunnable, Status: { } status }:
                return Problems.Conflict($"Stock report '{reportId}' is {status.Status}; only a failed or rejected report runs again.");
            case { Result: RerunResult.FileGone }:
                return Problems.Conflict($"The file of stock report '{reportId}' is no longer kept; upload it again.");
        }

        request.HttpContext.Response.Headers.Location = statusUrl;
        var answer = new StockReportUploadEndpoint.UploadAnswer(reportId, statusUrl, Duplicate: false, outcome.Status!.Status);
        return Results.Text(JsonSerializer.Serialize(answer, StockReportsJsonContext.Default.UploadAnswer), "application/json; charset=utf-8",
            Encoding.UTF8, StatusCodes.Status202Accepted);
    }
}
