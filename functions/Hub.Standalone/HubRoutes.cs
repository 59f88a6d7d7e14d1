using Hub.Contracts.Http;
using Hub.Core.Http;
using Hub.Core.Operations;
using Hub.Matchmaking.Http;
using Hub.Orders.Webhooks;
using Hub.PartnerFeeds.Http;
using Hub.PartnerFeeds.Inbound;
using Hub.PartnerFeeds.ReadSide;
using Hub.ReadStore.Orders;
using Hub.ReadStore.Stock;
using Hub.StockReports.Http;

namespace Hub.Standalone;

/// <summary>Every route of docs/design.md's HTTP surface, each a one-line call into the capability that owns it.</summary>
public static class HubRoutes
{
    public static WebApplication MapHubRoutes(this WebApplication app)
    {
        var api = app.MapGroup("/api");

        api.MapPost("/webhooks/orders/{platformId}", (HttpRequest request, string platformId, OrderWebhookEndpoint endpoint, CancellationToken ct) =>
            endpoint.HandleAsync(request, platformId, ct));

        api.MapGet("/orders/{platformId}/{orderId}", (HttpRequest request, string platformId, string orderId, OrderQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.GetAsync(request, platformId, orderId, ct));
        api.MapGet("/orders", (HttpRequest request, OrderQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.ListAsync(request, ct));

        api.MapPut("/warehouses/{operatorId}/stock-reports/{fileName}", (HttpRequest request, string operatorId, string fileName, StockReportUploadEndpoint endpoint, CancellationToken ct) =>
            endpoint.HandleAsync(request, operatorId, fileName, ct));
        api.MapPost("/warehouses/{operatorId}/stock-reports/{reportId}/rerun", (HttpRequest request, string operatorId, string reportId, StockReportRerunEndpoint endpoint, CancellationToken ct) =>
            endpoint.HandleAsync(request, operatorId, reportId, ct));
        api.MapGet("/warehouses/{operatorId}/stock-reports/{reportId}", (HttpRequest request, string operatorId, string reportId, StockQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.GetReportAsync(request, operatorId, reportId, ct));
        api.MapGet("/warehouses/{operatorId}/stock-reports/{reportId}/errors.csv", (HttpRequest request, string operatorId, string reportId, StockQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.GetReportErrorsAsync(request, operatorId, reportId, ct));
        api.MapGet("/stock/{sku}", (HttpRequest request, string sku, StockQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.GetSkuAsync(request, sku, ct));
        api.MapGet("/warehouses/{warehouseCode}/stock", (HttpRequest request, string warehouseCode, StockQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.ListWarehouseAsync(request, warehouseCode, ct));

        // Matchmaking: registration (expos, exhibitors and buyers, cancel) and its read routes.
        api.MapPut("/expos/{expoId}", (HttpRequest request, string expoId, ExpoRegistrationEndpoint endpoint, CancellationToken ct) =>
            endpoint.PutAsync(request, expoId, ct));
        api.MapPut("/expos/{expoId}/exhibitors", (HttpRequest request, string expoId, ParticipantRegistrationEndpoints endpoints, CancellationToken ct) =>
            endpoints.PutExhibitorsAsync(request, expoId, ct));
        api.MapPut("/expos/{expoId}/buyers", (HttpRequest request, string expoId, ParticipantRegistrationEndpoints endpoints, CancellationToken ct) =>
            endpoints.PutBuyersAsync(request, expoId, ct));
        api.MapDelete("/expos/{expoId}/participants/{participantId}", (HttpRequest request, string expoId, string participantId, ParticipantRegistrationEndpoints endpoints, CancellationToken ct) =>
            endpoints.CancelAsync(request, expoId, participantId, ct));
        api.MapGet("/expos/{expoId}", (HttpRequest request, string expoId, ExpoQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.GetExpoAsync(request, expoId, ct));
        api.MapGet("/expos/{expoId}/participants", (HttpRequest request, string expoId, ExpoQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.ListParticipantsAsync(request, expoId, ct));
        // Matchmaking runs: request, list, status, publish.
        api.MapPost("/expos/{expoId}/matchmaking-runs", (HttpRequest request, string expoId, MatchmakingRunEndpoints endpoints, CancellationToken ct) =>
            endpoints.RequestAsync(request, expoId, ct));
        api.MapGet("/expos/{expoId}/matchmaking-runs", (HttpRequest request, string expoId, MatchmakingRunQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.ListAsync(request, expoId, ct));
        api.MapGet("/expos/{expoId}/matchmaking-runs/{runId}", (HttpRequest request, string expoId, string runId, MatchmakingRunQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.GetAsync(request, expoId, runId, ct));
        api.MapPost("/expos/{expoId}/matchmaking-runs/{runId}/publish", (HttpRequest request, string expoId, string runId, MatchmakingRunEndpoints endpoints, CancellationToken ct) =>
            endpoints.PublishAsync(request, expoId, runId, ct));
        // Matchmaking outputs: meetings of a run, meetings.csv, a participant's agenda.ics of the published run.
        api.MapGet("/expos/{expoId}/matchmaking-runs/{runId}/meetings", (HttpRequest request, string expoId, string runId, MeetingOutputEndpoints endpoints, CancellationToken ct) =>
            endpoints.ListAsync(request, expoId, runId, ct));
        api.MapGet("/expos/{expoId}/matchmaking-runs/{runId}/meetings.csv", (HttpRequest request, string expoId, string runId, MeetingOutputEndpoints endpoints, CancellationToken ct) =>
            endpoints.GetCsvAsync(request, expoId, runId, ct));
        api.MapGet("/expos/{expoId}/participants/{participantId}/agenda.ics", (HttpRequest request, string expoId, string participantId, MeetingOutputEndpoints endpoints, CancellationToken ct) =>
            endpoints.GetAgendaAsync(request, expoId, participantId, ct));
        // Partner feeds: an operator's sync request and quarantine re-process.
        api.MapPost("/partners/{partnerId}/feeds/{feed}/sync", (HttpRequest request, string partnerId, string feed, PartnerSyncEndpoints endpoints, CancellationToken ct) =>
            endpoints.RequestSyncAsync(request, partnerId, feed, ct));
        api.MapPost("/partners/{partnerId}/quarantine/reprocess", (HttpRequest request, string partnerId, PartnerSyncEndpoints endpoints, CancellationToken ct) =>
            endpoints.ReprocessQuarantineAsync(request, partnerId, ct));

        api.MapPost("/partners/{partnerId}/events", (HttpRequest request, string partnerId, PartnerEventsEndpoint endpoint, CancellationToken ct) =>
            endpoint.HandleAsync(request, partnerId, ct));

        // Partner feeds' read side: feed statuses, records, quarantine.
        api.MapGet("/partners/{partnerId}/feeds", (HttpRequest request, string partnerId, PartnerQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.ListFeedsAsync(request, partnerId, ct));
        api.MapGet("/partners/{partnerId}/records", (HttpRequest request, string partnerId, PartnerQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.ListRecordsAsync(request, partnerId, ct));
        api.MapGet("/partners/{partnerId}/quarantine", (HttpRequest request, string partnerId, PartnerQueryEndpoints endpoints, CancellationToken ct) =>
            endpoints.ListQuarantineAsync(request, partnerId, ct));

        api.MapGet("/health", (OperationsEndpoints ops) => ops.Live());
        api.MapGet("/health/ready", (OperationsEndpoints ops, CancellationToken ct) => ops.ReadyAsync(ct));
        api.MapGet("/admin/dead-letters", (HttpRequest request, OperationsEndpoints ops, CancellationToken ct) => ops.ListDeadLettersAsync(request, ct));
        api.MapPost("/admin/dead-letters/{id}/replay", (HttpRequest request, string id, OperationsEndpoints ops, CancellationToken ct) =>
            ops.ReplayDeadLetterAsync(request, id, ct));
        api.MapGet($"/{HttpContract.OpenApiRoute}", (OpenApiEndpoint endpoint) => endpoint.Get());
        return app;
    }
}
