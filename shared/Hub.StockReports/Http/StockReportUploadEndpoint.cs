using System.Text;
using System.Text.Json;
using Hub.Core.Auth;
using Hub.Core.Http;
using Hub.Core.Registry;
using Hub.StockReports.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Hub.StockReports.Http;

/// <summary><c>PUT /api/warehouses/{operatorId}/stock-reports/{fileName}</c>, shared by the Functions app and Standalone.</summary>
public sealed class StockReportUploadEndpoint(
    StockReportIntake intake, HubRegistry registry, ApiKeyAuthenticator authenticator, IOptions<StockReportOptions> options)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string operatorId, string fileName, CancellationToken cancellationToken)
    {
        if (authenticator.Challenge(request, out var scope) is { } unauthorized) return unauthorized;
        if (!(scope.Role == KeyRole.Admin || (scope.Role == KeyRole.Operator && scope.Id == operatorId)))
            return Problems.Forbidden($"This key ({scope}) may not upload stock reports for operator '{operatorId}'.");
        if (registry.FindOperator(operatorId) is null) return Problems.NotFound($"No operator '{operatorId}' is registered.");
        if (ReportFileNames.Problem(fileName) is { } nameProblem) return Problems.BadRequest("fileName", nameProblem);
        if (ReportFileNames.FormatProblem(fileName) is { } formatProblem)
            return Problems.UnsupportedMediaType(Path.GetExtension(fileName), formatProblem);

        var limit = options.Value.MaxFileBytes;
        if (request.ContentLength > limit) return Problems.PayloadTooLarge(limit);
        // The server's default cap (30 MB) is lifted to the configured one; the hashing stream enforces it either way.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = limit;

        IntakeOutcome outcome;
        try
        {
            outcome = await intake.ReceiveAsync(operatorId, fileName, request.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ReportTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            // A body without Content-Length is only found too large while it streams: the server's own cap (set to the same
            // limit above) may stop it a read before the hashing stream would. The blob store keeps no part of it either way.
            return Problems.PayloadTooLarge(limit);
        }

        var statusUrl = $"/api/warehouses/{Uri.EscapeDataString(operatorId)}/stock-reports/{outcome.Status.ReportId}";
        request.HttpContext.Response.Headers.Location = statusUrl;
        var answer = new UploadAnswer(outcome.Status.ReportId, statusUrl, outcome.Duplicate, outcome.Status.Status);
        return Results.Text(JsonSerializer.Serialize(answer, StockReportsJsonContext.Default.UploadAnswer), "application/json; charset=utf-8",
            Encoding.UTF8, outcome.Duplicate ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }

    /// <param name="Duplicate">True when the same bytes were received before: nothing new will be applied.</param>
    public sealed record UploadAnswer(string ReportId, string StatusUrl, bool Duplicate, string Status);
}
