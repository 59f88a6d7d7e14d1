using System.Text;
using System.Text.Json;
using Hub.Core.Http;
using Hub.Core.Registry;
using Hub.Core.Telemetry;
using Microsoft.AspNetCore.Http;

namespace Hub.Orders.Webhooks;

/// <summary><c>POST /api/webhooks/orders/{platformId}</c>, shared by the Functions app and Standalone.</summary>
/// <param name="metrics">Counts each delivery by what became of it; none in tests that do not look.</param>
public sealed class OrderWebhookEndpoint(OrderWebhookHandler handler, HubRegistry registry, HubMetrics? metrics = null)
{
    public const int MaxBodyBytes = 1024 * 1024;

    public async Task<IResult> HandleAsync(HttpRequest request, string platformId, CancellationToken cancellationToken)
    {
        if (registry.FindPlatform(platformId) is null)
        {
            metrics?.WebhookRejected(platformId, "unknown_platform");
            return Problems.NotFound($"No platform '{platformId}' is registered.");
        }
        if (!RequestBodies.IsJson(request))
        {
            metrics?.WebhookRejected(platformId, "unsupported_media_type");
            return Problems.UnsupportedMediaType(request.ContentType, "application/json (UTF-8)");
        }
        var body = await RequestBodies.ReadLimitedAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            metrics?.WebhookRejected(platformId, "too_large");
            return Problems.PayloadTooLarge(MaxBodyBytes);
        }

        var outcome = await handler.HandleAsync(new WebhookDelivery(platformId, request.Headers, body), cancellationToken).ConfigureAwait(false);
        if (metrics is not null) Count(metrics, platformId, outcome);
        return outcome switch
        {
            WebhookOutcome.Accepted a => Answer(new WebhookAnswer(a.IngestionId, false), StatusCodes.Status202Accepted),
            WebhookOutcome.Duplicate d => Answer(new WebhookAnswer(d.IngestionId, true), StatusCodes.Status200OK),
            WebhookOutcome.UnknownPlatform u => Problems.NotFound($"No platform '{u.PlatformId}' is registered."),
            WebhookOutcome.SignatureRejected s => Problems.Unauthorized(s.Reason),
            WebhookOutcome.Invalid i => Problems.Validation(i.Errors, i.Detail),
            WebhookOutcome.BusUnavailable b => Problems.Unavailable(b.Reason),
            _ => throw new InvalidOperationException($"Unmapped webhook outcome {outcome.GetType().Name}."),
        };
    }

    private static void Count(HubMetrics metrics, string platformId, WebhookOutcome outcome)
    {
        switch (outcome)
        {
            case WebhookOutcome.Accepted: metrics.WebhookAccepted(platformId); break;
            case WebhookOutcome.Duplicate: metrics.WebhookDuplicate(platformId); break;
            case WebhookOutcome.UnknownPlatform: metrics.WebhookRejected(platformId, "unknown_platform"); break;
            case WebhookOutcome.SignatureRejected: metrics.WebhookRejected(platformId, "signature"); break;
            case WebhookOutcome.Invalid: metrics.WebhookRejected(platformId, "invalid"); break;
            case WebhookOutcome.BusUnavailable: metrics.WebhookRejected(platformId, "bus_unavailable"); break;
        }
    }

    // Serialised up front, so the answer goes out with a Content-Length rather than chunked.
    private static IResult Answer(WebhookAnswer answer, int status) =>
        Results.Text(JsonSerializer.Serialize(answer, OrdersJsonContext.Default.WebhookAnswer), "application/json; charset=utf-8", Encoding.UTF8, status);

    public sealed record WebhookAnswer(string IngestionId, bool Duplicate);
}
