using Hub.Core.Operations;
using Hub.Orders.Webhooks;
using Hub.ReadStore.Orders;

namespace Hub.Standalone;

/// <summary>Every route of DESIGN.md's HTTP surface, each a one-line call into the capability that owns it.</summary>
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

        api.MapGet("/health", (OperationsEndpoints ops) => ops.Live());
        api.MapGet("/health/ready", (OperationsEndpoints ops, CancellationToken ct) => ops.ReadyAsync(ct));
        api.MapGet("/admin/dead-letters", (HttpRequest request, OperationsEndpoints ops, CancellationToken ct) => ops.ListDeadLettersAsync(request, ct));
        api.MapPost("/admin/dead-letters/{id}/replay", (HttpRequest request, string id, OperationsEndpoints ops, CancellationToken ct) =>
            ops.ReplayDeadLetterAsync(request, id, ct));
        return app;
    }
}
